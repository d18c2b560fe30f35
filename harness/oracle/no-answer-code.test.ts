/**
 * A delivery whose last attempt got no answer (a read timeout after an
 * earlier 503) counts under its channel's no-answer code, in the facts the
 * metrics read as in the answer reading the wire cases use; an expired
 * delivery's code is its last attempt's too.
 */
import { describe, expect, it } from 'vitest'
import { findEntry } from '../../simulators/catalogue/index.ts'
import { readAnswer } from './answer-reading.ts'
import { buildFacts, type PlannedCampaign, type WireAttempt } from './aggregation/facts/build.ts'
import { NO_ANSWER_CODE } from './no-answer-code.ts'

let seq = 0
// autopush's errno 201 and Chrome's 503 text, as the simulators write their reasons.
const REASON_503: Readonly<Record<string, string>> = { firefox: '201', chrome: 'chrome:unavailable' }
const answered = (deliveryId: string, flavour: string, status: number): WireAttempt => ({ seq: ++seq, deliveryId, provider: 'webpush', flavour, outcome: 'answered', status, reason: REASON_503[flavour] ?? null, endVirtualMs: seq })
const hung = (deliveryId: string, flavour: string): WireAttempt => ({ seq: ++seq, deliveryId, provider: 'webpush', flavour, outcome: 'abandoned', status: 0, reason: 'fault:hang', endVirtualMs: seq })

function plan(deliveries: { id: string; channel: string; state: string }[]): PlannedCampaign {
  return {
    campaignId: 'c',
    profile: 'webpush',
    targeting: 'last-device',
    messages: deliveries.map(({ id }) => ({ messageId: `m-${id}`, personId: `p-${id}`, variantId: null, control: false, failure: null })),
    // The dispatcher's own codes, which the wire must override.
    deliveries: deliveries.map(({ id, channel, state }) => ({ id, messageId: `m-${id}`, personId: `p-${id}`, deviceId: `dev-${id}`, channel, state, code: 'reported_code' })),
  }
}

describe('the no-answer code', () => {
  it('names a catalogue code of each target’s provider', () => {
    for (const code of Object.values(NO_ANSWER_CODE)) expect(findEntry(code)?.class).toBe('transient')
  })

  it('a 503 then a timeout: the timeout decides; Chrome’s is fcm_internal_server_error, Firefox’s dispatch_failed; an expired delivery alike', () => {
    const [facts] = buildFacts(
      [plan([{ id: 'chrome', channel: 'webpush-chrome', state: 'failed' }, { id: 'firefox', channel: 'webpush-firefox', state: 'failed' }, { id: 'late', channel: 'webpush-firefox', state: 'expired' }, { id: 'unsent', channel: 'webpush-firefox', state: 'expired' }])],
      [answered('chrome', 'chrome', 503), hung('chrome', 'chrome'), answered('firefox', 'firefox', 503), hung('firefox', 'firefox'), hung('late', 'firefox'), answered('late', 'firefox', 503)],
      [],
    )
    expect(facts!.messages.map(({ deliveries: [delivery] }) => [delivery!.outcome, delivery!.code, delivery!.answer])).toEqual([
      ['failed', 'fcm_internal_server_error', 'abandoned'],
      ['failed', 'dispatch_failed', 'abandoned'],
      ['expired', 'server_issue', '503 201'],
      // Never attempted: nothing on the wire, the dispatcher's code stays (errors.ts counts it as `expired`).
      ['expired', 'reported_code', undefined],
    ])
    expect(readAnswer({ provider: 'webpush', flavour: 'kaios', outcome: 'rst-stream', status: 0, reason: null })).toEqual({ kind: 'no-answer', dashboard: 'dispatch_failed' })
  })
})
