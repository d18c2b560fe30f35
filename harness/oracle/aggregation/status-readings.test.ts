/**
 * The person-status readings a run may choose (interpretations.ts): the
 * law's defaults, and each alternative changing exactly the point it names.
 * Plus §7's own example: a missing template variable is Failed, not
 * Undeliverable, even though the message has no delivery.
 */
import { describe, expect, it } from 'vitest'
import { DEFAULT_INTERPRETATIONS } from '../interpretations.ts'
import { delivery, message } from '../metrics/hand-fixtures.test-support.ts'
import { personStatusOf, statusReader } from './person-status.ts'

const mixed = message('p1', null, [delivery('apns', { outcome: 'bounced' }), delivery('fcm', { outcome: 'failed' })])
const allSuppressed = message('p2', null, [delivery('apns', { outcome: 'suppressed' }), delivery('fcm', { outcome: 'suppressed' })])

describe('person status under the interpretations of §7 and §10', () => {
  it('the law: a bounce mixed with another failure is Failed; all suppressed, none bounced, is Failed', () => {
    expect(statusReader(DEFAULT_INTERPRETATIONS)(mixed)).toBe('Failed')
    expect(statusReader(DEFAULT_INTERPRETATIONS)(allSuppressed)).toBe('Failed')
  })
  it('bounced-mixed=bounced makes the mix Bounced and leaves all-suppressed alone', () => {
    const read = statusReader({ ...DEFAULT_INTERPRETATIONS, 'bounced-mixed': 'bounced' })
    expect(read(mixed)).toBe('Bounced')
    expect(read(allSuppressed)).toBe('Failed')
  })
  it('all-suppressed=bounced makes all-suppressed Bounced and leaves the mix alone', () => {
    const read = statusReader({ ...DEFAULT_INTERPRETATIONS, 'all-suppressed': 'bounced' })
    expect(read(allSuppressed)).toBe('Bounced')
    expect(read(mixed)).toBe('Failed')
  })
  it('a message that failed on a missing template variable is Failed; one with no device is Undeliverable', () => {
    expect(personStatusOf(message('p3', null, [], { failure: 'missing_template_variable' }))).toBe('Failed')
    expect(personStatusOf(message('p4', null, []))).toBe('Undeliverable')
  })
})
