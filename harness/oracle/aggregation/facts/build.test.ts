/** Ground-truth facts from plan, wire and device lines: acceptance and bounces from the wire, reports once each, conversions to the nearest message. */
import { describe, expect, it } from 'vitest'
import { buildFacts, type PlannedCampaign, type ReportFact, type WireAttempt } from './build.ts'

const plan = (campaignId: string, persons: string[], channel = 'apns'): PlannedCampaign => ({
  campaignId,
  profile: 'webpush',
  targeting: 'last-device',
  messages: persons.map((personId) => ({ messageId: `${campaignId}-${personId}`, personId, variantId: 'A', control: false, failure: null })),
  deliveries: persons.map((personId) => ({ id: `${campaignId}-${personId}-d`, messageId: `${campaignId}-${personId}`, personId, deviceId: `${personId}-dev`, channel, state: 'accepted', code: null })),
})
let seq = 0
const attempt = (deliveryId: string, status: number, endVirtualMs: number, reason: string | null = null, provider = 'apns'): WireAttempt => ({ seq: ++seq, deliveryId, provider, flavour: null, outcome: 'answered', status, reason, endVirtualMs })
const report = (deliveryId: string | null, personId: string, kind: ReportFact['report'], atMs: number, status: number | null = 202): ReportFact => ({ deliveryId, personId, report: kind, status, atMs })

describe('buildFacts', () => {
  it('acceptance and bounces come from the wire, whatever the plan says', () => {
    const [facts] = buildFacts(
      [plan('c', ['p1', 'p2', 'p3', 'p4'])],
      [attempt('c-p1-d', 503, 10), attempt('c-p1-d', 200, 20), attempt('c-p2-d', 410, 10, 'Unregistered'), attempt('c-p3-d', 400, 10, 'BadDeviceToken'), attempt('c-p4-d', 400, 10, 'PayloadEmpty')],
      [],
    )
    expect(facts!.messages.map((m) => [m.deliveries[0]!.outcome, m.deliveries[0]!.acceptedAt, m.deliveries[0]!.code])).toEqual([
      ['accepted', 20, null],
      ['bounced', null, 'safari_device_token_inactive_for_topic'],
      ['bounced', null, 'apns_token_format'],
      ['failed', null, 'apns_empty_payload'],
    ])
  })
  it('reports count once per delivery and kind, only when the dispatcher took them (2xx), at the first such time', () => {
    const [facts] = buildFacts(
      [plan('c', ['p1', 'p2'])],
      [attempt('c-p1-d', 200, 5), attempt('c-p2-d', 200, 5)],
      [report('c-p1-d', 'p1', 'delivered', 30), report('c-p1-d', 'p1', 'delivered', 30), report('c-p1-d', 'p1', 'opened', 40, null), report('c-p1-d', 'p1', 'opened', 50), report('c-p2-d', 'p2', 'opened', 60, 404)],
    )
    const [d1, d2] = facts!.messages.map((m) => m.deliveries[0]!)
    expect([d1!.deliveredAt, d1!.openedAt, d2!.deliveredAt, d2!.openedAt]).toEqual([30, 50, null, null])
  })
  it('a conversion goes to the person’s message sent nearest before it, across campaigns', () => {
    const [x, y] = buildFacts(
      [plan('x', ['p1']), plan('y', ['p1'], 'fcm')],
      [attempt('x-p1-d', 200, 1000), attempt('y-p1-d', 200, 3000, null, 'fcm')],
      [report('x-p1-d', 'p1', 'converted', 3500), report('x-p1-d', 'p1', 'converted', 3500), report(null, 'p1', 'converted', 500)],
    )
    expect([x!.messages[0]!.convertedAt, y!.messages[0]!.convertedAt]).toEqual([null, 3500])
  })
})
