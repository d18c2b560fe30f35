/**
 * Web push endpoints the service never issued (a malformed subscription):
 * every service answers 404 in its own form — Chrome's text, autopush's
 * errno 102, Apple's BadPath (protocols.md §3.4–3.6) — which §4 puts in the
 * dead-address class, so an all-devices message whose every delivery went
 * to such endpoints (or bounced otherwise) is Bounced, not Failed. The
 * answers are written as the simulators record them in the ledger.
 */
import { describe, expect, it } from 'vitest'
import { buildFacts, type PlannedCampaign, type WireAttempt } from './facts/build.ts'
import type { CampaignClaims } from './facts/model.ts'
import { aggregationCases } from './cases.ts'

const CHANNELS = ['webpush-chrome', 'webpush-firefox', 'webpush-kaios', 'webpush-safari'] as const
const plan: PlannedCampaign = {
  campaignId: 'c',
  profile: 'person-status',
  targeting: 'all-devices',
  messages: [{ messageId: 'm1', personId: 'p1', variantId: null, control: false, failure: null }],
  deliveries: CHANNELS.map((channel) => ({ id: `d-${channel}`, messageId: 'm1', personId: 'p1', deviceId: `p1-${channel}`, channel, state: 'bounced', code: null })),
}

// Flavour and reason as the ledger records a push to `<service path>/<token>-not-issued`.
const answers: Record<(typeof CHANNELS)[number], Pick<WireAttempt, 'flavour' | 'reason'>> = {
  'webpush-chrome': { flavour: 'chrome', reason: 'not-found:unknown-id' },
  'webpush-firefox': { flavour: 'firefox', reason: '102' },
  'webpush-kaios': { flavour: 'kaios', reason: '102' },
  'webpush-safari': { flavour: 'safari', reason: 'BadPath' },
}
const attempts: WireAttempt[] = CHANNELS.map((channel, i) => ({ seq: i + 1, deliveryId: `d-${channel}`, provider: 'webpush', ...answers[channel], outcome: 'answered', status: 404, endVirtualMs: 10 + i }))

const claims = (status: string): CampaignClaims => ({ campaignId: 'c', statuses: [{ messageId: 'm1', personId: 'p1', status }], metrics: null, variants: {}, trends: { day: null, week: null, month: null } })
const allDevices = (facts: ReturnType<typeof buildFacts>, status: string) => aggregationCases([{ facts: facts[0]!, claims: claims(status) }]).find((result) => result.id === 'aggregation.person-status.all-devices')!

describe('never-issued web push endpoints (malformed subscriptions)', () => {
  it('each service’s 404 bounces its delivery, with the service’s dashboard code', () => {
    const [facts] = buildFacts([plan], attempts, [])
    expect(facts!.messages[0]!.deliveries.map((delivery) => [delivery.channel, delivery.outcome, delivery.code])).toEqual([
      ['webpush-chrome', 'bounced', 'push_unreg'],
      ['webpush-firefox', 'bounced', 'end_point_invalid'],
      ['webpush-kaios', 'bounced', 'end_point_invalid'],
      ['webpush-safari', 'bounced', 'end_point_invalid'],
    ])
  })

  it('the message is Bounced: a dispatcher reporting Failed fails the case, with the message as evidence', () => {
    const facts = buildFacts([plan], attempts, [])
    expect(allDevices(facts, 'Bounced').verdict).toBe('pass')
    const failed = allDevices(facts, 'Failed')
    expect(failed.verdict).toBe('fail')
    expect(failed.evidence[0]).toMatchObject({ personId: 'p1', expected: 'Bounced', actual: 'Failed', seq: [1, 2, 3, 4] })
  })

  it('without its attempts joined (the payload unread), a bounce is not shown, so the oracle cannot call it one', () => {
    // What the oracle saw before the harness read pushes to never-issued endpoints with the device's keys.
    expect(allDevices(buildFacts([plan], [], []), 'Bounced').verdict).toBe('fail')
  })
})
