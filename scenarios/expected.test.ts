/**
 * `pushsim plan`'s expected counts on a small scenario computed by hand:
 * two campaigns on one day (a control group, A/B variants, a frequency cap
 * of one a day, DND discarding
 * 21:00–09:00) across London and Tokyo, and a test send the next day, to an
 * audience with a fifth of its tokens dead and half its devices opted out.
 */
import { describe, expect, it } from 'vitest'
import { decodeScenario } from './decode/scenario.ts'
import { atLeast } from './expected-rules.ts'

const rules = { frequencyCap: { perDay: 1 }, dnd: { from: '21:00', to: '09:00', action: 'discard' } } as const
const deepLink = 'https://shop.example/sale'

const scenario = {
  name: 'hand-computed',
  seed: 'hand',
  // Monday 10:00 UTC: 10:00 in London, 19:00 in Tokyo.
  clock: { start: '2027-01-04T10:00:00Z' },
  audience: {
    persons: 1000,
    locales: 'en-GB',
    timezones: { 'Europe/London': 0.5, 'Asia/Tokyo': 0.5 },
    testProfiles: 0.1,
    devices: { perPerson: { 1: 1 }, channels: { apns: 0.5, 'webpush-safari': 0.5 }, tokens: { valid: 0.8, unregistered: 0.2 }, optIn: 0.5, appStates: { foreground: 1 } },
  },
  campaigns: [
    { name: 'morning', template: { title: 'Morning', deepLink }, controlGroup: 0.2, variants: [{ name: 'long', share: 0.5, template: { title: 'Good morning', deepLink } }, { name: 'short', share: 0.5 }], ...rules },
    { name: 'evening', template: { title: 'Evening', deepLink }, ...rules },
    { name: 'preview', template: { title: 'Preview', deepLink }, test: true },
  ],
  workload: {
    phases: [
      {
        name: 'monday',
        executors: [
          { executor: 'campaign', campaign: 'morning', rate: '1000/s' },
          // 13:00 UTC: 13:00 in London, 22:00 (inside DND) in Tokyo; the same local day as the morning in both.
          { executor: 'campaign', campaign: 'evening', rate: '1000/s', startTime: '3h' },
        ],
      },
      { name: 'tuesday', at: '1d', executors: [{ executor: 'campaign', campaign: 'preview', rate: '1000/s' }] },
    ],
  },
  devices: {
    behaviour: {
      ios: { foreground: { delivered: 0.5, opened: 0.2, converted: 0.5 } },
      web: { foreground: { delivered: 0.5, opened: 0.4, converted: 0.25 } },
    },
  },
}

describe('expected counts of a plan', () => {
  const decoded = decodeScenario(scenario)
  if (!decoded.ok) throw new Error(JSON.stringify(decoded.problems))
  const expected = decoded.plan.expected.campaigns

  it('morning: control group, variants, first bounces, reports by opt-in', () => {
    // 1000 qualify, 200 held out; 800 deliveries, half on each channel, half of each variant.
    // Dead tokens bounce: 800 × 0.2 = 160; accepted 320 APNs + 320 Safari.
    // iOS reports only opted in (0.5): delivered 320 × 0.5 × 0.5 = 80, opened 320 × 0.5 × 0.5 × 0.2 = 16, converted 8.
    // Safari never reports delivered; taps count: opened 320 × 0.4 = 128, converted 128 × 0.25 = 32.
    expect(expected.morning).toEqual({
      qualified: 1000, controlGroup: 200, undeliverable: 0, deliveries: 800, byChannel: { apns: 400, 'webpush-safari': 400 }, byVariant: { long: 400, short: 400 },
      bounces: 160, personalisationFailures: 0, unsubscribed: 0, frequencyCapped: 0, dndDiscarded: 0, suppressedDevices: 0,
      outcome: { accepted: 640, bounced: 160, suppressed: 0 },
      reports: { delivered: 80, opened: 144, converted: 40 },
    })
  })

  it('evening: the cap stops whoever got the morning, DND discards Tokyo’s remainder', () => {
    // The morning counted for 0.8 of persons (outside its control group) in both zones: 0.8 capped → 800 messages.
    // Tokyo (half) is at 22:00: its uncapped 0.2 discarded → 1000 × 0.5 × 0.2 = 100 deliveries. 100 go, 20 bounce (a first bounce for most).
    expect(expected.evening).toMatchObject({
      qualified: 1000, controlGroup: 0, deliveries: 1000, frequencyCapped: 800, dndDiscarded: 100, suppressedDevices: 0, bounces: 20,
      outcome: { accepted: 80, bounced: 20, suppressed: 900 },
      reports: { delivered: 10, opened: 18, converted: 5 },
    })
  })

  it('preview: a test send the next day, past the cap; dead tokens attempted twice before are suppressed', () => {
    // 100 test profiles, no cap on the test send, a new local day. A dead token was attempted by the morning
    // with chance 0.8 and by the evening with 0.1: twice with 0.08 → 20 × 0.08 = 1.6 suppressed, 18.4 bounce.
    expect(atLeast(2, [0.8, 0.1])).toBeCloseTo(0.08, 10)
    expect(expected.preview).toMatchObject({
      qualified: 100, deliveries: 100, frequencyCapped: 0, dndDiscarded: 0, suppressedDevices: 2, bounces: 18,
      outcome: { accepted: 80, bounced: 18, suppressed: 2 },
    })
  })
})
