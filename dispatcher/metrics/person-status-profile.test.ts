import { describe, expect, it } from 'vitest'
import { byVariant } from './by-variant.ts'
import { CAMPAIGN, EMPTY, delivery, message } from './metrics-fixture.ts'
import { personStatusProfile } from './person-status-profile.ts'

const zero = { Undeliverable: 0, Attempted: 0, Sent: 0, Bounced: 0, Failed: 0, Delivered: 0, Opened: 0, Converted: 0 }

describe('personStatusProfile', () => {
  it('counts the campaign by hand', () => {
    // m1, m3 Converted; m2 Bounced; m4 (template) and m6 (frequency cap) Failed; m7 Undeliverable;
    // m8 Attempted; m5 is held out. Sends: m1 m2 m3 m6 m8 (a device and a valid payload).
    // Recipients = 5 − suppressed (m6) − bounced (m2) = 3. Error rate = 2 failed / 7 messages.
    expect(personStatusProfile(CAMPAIGN)).toEqual({
      byStatus: { ...zero, Converted: 2, Bounced: 1, Failed: 2, Undeliverable: 1, Attempted: 1 },
      sends: 5,
      recipients: 3,
      errorRate: (2 / 7) * 100,
    })
  })

  it('counts Sent, Delivered, Opened and leaves payload failures out of Sends', () => {
    const input = {
      ...EMPTY,
      messages: [message('m1', 'p1', 'a'), message('m2', 'p2', 'a'), message('m3', 'p3', 'a'), message('m4', 'p4', 'a'), message('m5', 'p5', 'a')],
      deliveries: [
        delivery('d1', 'm1', 'p1', 'a', 'accepted', { acceptedAt: 1 }),
        delivery('d2', 'm2', 'p2', 'a', 'accepted', { acceptedAt: 1 }),
        delivery('d3', 'm3', 'p3', 'a', 'accepted', { acceptedAt: 1 }),
        delivery('d4', 'm3', 'p3', 'a', 'bounced', { code: 'push_unreg', errorClass: 'dead-address' }),
        delivery('d5', 'm4', 'p4', 'a', 'failed', { code: 'payload_too_large', errorClass: 'bad-message' }),
        delivery('d6', 'm5', 'p5', 'a', 'failed', { code: 'missing_template_variable', errorClass: 'configuration' }),
      ],
      events: [
        { deliveryId: 'd2', kind: 'delivered' as const, at: 2 },
        { deliveryId: 'd3', kind: 'opened' as const, at: 2 },
      ],
    }
    // m1 Sent, m2 Delivered, m3 Opened (one device bounced), m4 and m5 Failed on the payload: not sends.
    expect(personStatusProfile(input)).toEqual({ byStatus: { ...zero, Sent: 1, Delivered: 1, Opened: 1, Failed: 2 }, sends: 3, recipients: 3, errorRate: 40 })
  })

  it('per variant', () => {
    const variants = byVariant(CAMPAIGN, personStatusProfile)
    // a: m1 Converted, m2 Bounced, m6 Failed, m8 Attempted; sends 4; recipients 4 − 1 − 1.
    expect(variants.a).toEqual({ byStatus: { ...zero, Converted: 1, Bounced: 1, Failed: 1, Attempted: 1 }, sends: 4, recipients: 2, errorRate: 25 })
    // b: m3 Converted, m4 Failed, m7 Undeliverable; sends 1.
    expect(variants.b).toEqual({ byStatus: { ...zero, Converted: 1, Failed: 1, Undeliverable: 1 }, sends: 1, recipients: 1, errorRate: (1 / 3) * 100 })
  })

  it('leaves out a test send skipped for a non-test person', () => {
    const input = { ...EMPTY, messages: [message('m1', 'p1', 'a', 'not_a_test_profile'), message('m2', 'p2', 'a', 'missing_template_variable')] }
    expect(personStatusProfile(input)).toEqual({ byStatus: { ...zero, Failed: 1 }, sends: 0, recipients: 0, errorRate: 100 })
  })

  it('error rate is null, not 0, with no messages', () => {
    expect(personStatusProfile(EMPTY)).toEqual({ byStatus: zero, sends: 0, recipients: 0, errorRate: null })
    expect(personStatusProfile({ ...EMPTY, messages: [message('m1', 'p1', null)] })).toEqual({ byStatus: zero, sends: 0, recipients: 0, errorRate: null })
  })
})
