/**
 * Hand-computed figures from the ground truth's raw shape (push-semantics.md
 * §6, §7, §8, §10): wire attempts and device reports, duplicates included,
 * go through buildFacts as a run's do; every expected value below was worked
 * out by hand, never derived. Completes hand-computed.test.ts: duplicates of
 * every report kind, reports the dispatcher refused, conversions unique per
 * person, the Converted status, web push OS buckets, zero denominators.
 */
import { describe, expect, it } from 'vitest'
import { buildFacts, type PlannedCampaign, type ReportFact, type WireAttempt } from '../aggregation/facts/build.ts'
import { personStatusOf } from '../aggregation/person-status.ts'
import { mobileFigures } from './mobile-profile.ts'
import { personStatusFigures } from './person-status-profile.ts'
import { webFigures } from './web-profile.ts'

type Profile = PlannedCampaign['profile']

/** One device a person; `channels[i]` is person p{i+1}'s. */
function planned(campaignId: string, profile: Profile, channels: string[], extra: { control?: string[] } = {}): PlannedCampaign {
  const persons = channels.map((_, index) => `p${index + 1}`)
  return {
    campaignId,
    profile,
    targeting: 'last-device',
    messages: persons.map((personId) => ({ messageId: `${campaignId}-${personId}`, personId, variantId: 'A', control: extra.control?.includes(personId) ?? false, failure: null })),
    deliveries: persons.filter((personId) => !extra.control?.includes(personId)).map((personId) => ({ id: `${campaignId}-${personId}-d`, messageId: `${campaignId}-${personId}`, personId, deviceId: `${personId}-dev`, channel: channels[Number(personId.slice(1)) - 1]!, state: 'accepted', code: null })),
  }
}

let seq = 0
const PROVIDER: Record<string, [string, string | null]> = { apns: ['apns', 'sandbox'], fcm: ['fcm', 'demo'], 'webpush-chrome': ['webpush', 'chrome'], 'webpush-firefox': ['webpush', 'firefox'] }
function attempt(deliveryId: string, channel: string, status: number, endVirtualMs: number, reason: string | null = null): WireAttempt {
  const [provider, flavour] = PROVIDER[channel]!
  return { seq: ++seq, deliveryId, provider, flavour, outcome: 'answered', status, reason, endVirtualMs }
}
const report = (deliveryId: string | null, personId: string, kind: ReportFact['report'], atMs: number, status: number | null = 202): ReportFact => ({ deliveryId, personId, report: kind, status, atMs })

describe('web push profile over duplicated and refused reports', () => {
  // p1 chrome: accepted; delivered twice, opened twice (at-least-once).
  // p2 firefox: accepted; delivered once taken, once refused (500).
  // p3 chrome: 410 gone (bounced); a delivered report about it anyway.
  // p4 firefox: accepted; opened twice, never a delivered report (an open is a view, §10).
  const [facts] = buildFacts(
    [planned('w', 'webpush', ['webpush-chrome', 'webpush-firefox', 'webpush-chrome', 'webpush-firefox'])],
    [attempt('w-p1-d', 'webpush-chrome', 201, 10), attempt('w-p2-d', 'webpush-firefox', 201, 10), attempt('w-p3-d', 'webpush-chrome', 410, 10, 'gone'), attempt('w-p4-d', 'webpush-firefox', 201, 12)],
    [
      report('w-p1-d', 'p1', 'delivered', 20),
      report('w-p1-d', 'p1', 'delivered', 20),
      report('w-p1-d', 'p1', 'opened', 30),
      report('w-p1-d', 'p1', 'opened', 31),
      report('w-p2-d', 'p2', 'delivered', 25),
      report('w-p2-d', 'p2', 'delivered', 26, 500),
      report('w-p3-d', 'p3', 'delivered', 27),
      report('w-p4-d', 'p4', 'opened', 40),
      report('w-p4-d', 'p4', 'opened', 40),
    ],
  )
  it('each report counts once per delivery, a refused one not at all, none on a bounced delivery', () => {
    // Sent p1, p2, p4 = 3. Views p1, p2, p4 (its open) = 3. Clicks p1, p4 = 2. CTR 2 / 3 × 100. p3's bounce under chrome:gone's code.
    expect(webFigures(facts!.messages)).toEqual({ sent: 3, views: 3, clicks: 2, ctr: expect.closeTo(66.667, 2), errorsByCode: { browser_unsubscribed: 1 } })
  })
  it('statuses: Opened, Delivered, Bounced, Opened', () => {
    expect(facts!.messages.map(personStatusOf)).toEqual(['Opened', 'Delivered', 'Bounced', 'Opened'])
  })
})

describe('mobile push profile: conversions unique per person, web push impressions under Web', () => {
  // p1 apns: accepted at 10, delivered 20, opened 30, converted at 50 and again at 60.
  // p2 fcm: accepted at 10, delivered 15, converted at 5 (before it was sent: no message gets it).
  // p3 chrome: accepted at 10, delivered 18 twice.
  // p4: control group.
  const [facts] = buildFacts(
    [planned('m', 'mobile', ['apns', 'fcm', 'webpush-chrome', 'fcm'], { control: ['p4'] })],
    [attempt('m-p1-d', 'apns', 200, 10), attempt('m-p2-d', 'fcm', 200, 10), attempt('m-p3-d', 'webpush-chrome', 201, 10)],
    [
      report('m-p1-d', 'p1', 'delivered', 20),
      report('m-p1-d', 'p1', 'opened', 30),
      report(null, 'p1', 'converted', 50),
      report(null, 'p1', 'converted', 60),
      report('m-p2-d', 'p2', 'delivered', 15),
      report(null, 'p2', 'converted', 5),
      report('m-p3-d', 'p3', 'delivered', 18),
      report('m-p3-d', 'p3', 'delivered', 18),
    ],
  )
  it('every figure', () => {
    // Qualified p1–p4 = 4 (none unsubscribed). Sent 3; impressions 3 (100 %); clicks 1 (p1): click rate 1 / 3, CTR 1 / 3.
    // Converted users: p1 only (p2 converted before its message) = 1; persons sent 3: view-through 1 / 3 (p1 seen at 20 ≤ 50),
    // click-through 1 / 3 (opened 30 ≤ 50). Impressions: iOS 1, Android 1, Web 1.
    expect(mobileFigures(facts!.messages)).toEqual({
      qualified: 4,
      sent: 3,
      impressions: 3,
      impressionRate: 100,
      clicks: 1,
      clickRate: expect.closeTo(33.333, 2),
      ctr: expect.closeTo(33.333, 2),
      convertedUsers: 1,
      errors: { technical: 0, nonTechnical: 0 },
      controlGroup: 1,
      viewThroughConversion: expect.closeTo(33.333, 2),
      clickThroughConversion: expect.closeTo(33.333, 2),
      impressionsByOs: { iOS: 1, Android: 1, Web: 1 },
      impressionsByDevice: { apns: 1, fcm: 1, 'webpush-chrome': 1 },
    })
  })
  it('the converted message is Converted once, at its first conversion', () => {
    expect(facts!.messages.map((message) => [personStatusOf(message), message.convertedAt])).toEqual([
      ['Converted', 50],
      ['Delivered', null],
      ['Delivered', null],
      ['Undeliverable', null],
    ])
  })
})

describe('person-status profile with a conversion, and with nothing sent', () => {
  it('Converted counts among sends and recipients', () => {
    // p1 apns: accepted, converted at 40 (twice). p2 fcm: 404 UNREGISTERED (bounced).
    const [facts] = buildFacts([planned('s', 'person-status', ['apns', 'fcm'])], [attempt('s-p1-d', 'apns', 200, 10), attempt('s-p2-d', 'fcm', 404, 10, 'UNREGISTERED')], [report(null, 'p1', 'converted', 40), report(null, 'p1', 'converted', 40)])
    // Sends 2; recipients 2 − 0 suppressed − 1 bounced = 1; Failed 0 of 2: error rate 0 (not null).
    expect(personStatusFigures(facts!.messages)).toEqual({ byStatus: { Undeliverable: 0, Attempted: 0, Sent: 0, Bounced: 1, Failed: 0, Delivered: 0, Opened: 0, Converted: 1 }, sends: 2, recipients: 1, errorRate: 0 })
  })
  it('zero denominators: a campaign of persons without devices has no sends and an error rate of 0 over its messages', () => {
    const [facts] = buildFacts([{ ...planned('z', 'person-status', ['apns', 'fcm']), deliveries: [] }], [], [])
    // Two Undeliverable messages: sends 0, recipients 0, Failed 0 of 2 messages.
    expect(personStatusFigures(facts!.messages)).toEqual({ byStatus: { Undeliverable: 2, Attempted: 0, Sent: 0, Bounced: 0, Failed: 0, Delivered: 0, Opened: 0, Converted: 0 }, sends: 0, recipients: 0, errorRate: 0 })
  })
})
