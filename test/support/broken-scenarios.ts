/**
 * Small time-scaled scenarios for the broken-dispatcher fixtures
 * (test/oracle-broken.test.ts), each exercising the rules its breakages
 * drop, and run against the reference dispatcher too.
 */
import { decodeScenario } from '../../scenarios/decode/scenario.ts'
import type { ScenarioPlan } from '../../scenarios/plan-types.ts'

function plan(scenario: Record<string, unknown>): ScenarioPlan {
  const decoded = decodeScenario(scenario)
  if (!decoded.ok) throw new Error(JSON.stringify(decoded.problems))
  return decoded.plan
}

/** Reports come quickly (foreground), so none is still on its way when a run stops at its deadline. */
const QUICK_REPORTS = { foreground: { delivered: 0.7, opened: 0.5, converted: 0, delay: 'lognormal(200ms,1s)', openDelay: 'lognormal(200ms,1s)' } }

/**
 * Web push only (so the campaign declares the web push profile), one device
 * a person: dead tokens (410s), a Firefox outage answered with Retry-After,
 * opens, and device reports posted twice half the time. The retry,
 * Retry-After and web-metric cases.
 */
export const webWirePlan = (): ScenarioPlan =>
  plan({
    name: 'broken-web-wire',
    seed: 'broken-web-wire',
    // 0.2: the 10 s read timeout is a 2 s wall timer, more than a starved event loop stalls on a loaded
    // machine (at 0.05 a stall of half a second made the dispatcher give up on answers already sent).
    clock: { start: '2026-05-04T10:00:00Z', timeScale: 0.2 },
    audience: { persons: 60, locales: 'en-US', timezones: 'UTC', devices: { perPerson: { 1: 1 }, channels: { 'webpush-chrome': 0.5, 'webpush-firefox': 0.5 }, tokens: { valid: 0.8, unregistered: 0.2 }, appStates: { foreground: 1 } } },
    devices: { behaviour: { web: QUICK_REPORTS }, duplicateReports: 0.5 },
    campaigns: [{ name: 'web', template: { title: 'Hello', deepLink: 'https://x.example/a' }, channels: ['webpush-chrome', 'webpush-firefox'], targeting: 'last-device', ttl: '1d' }],
    workload: { phases: [{ name: 'blast', at: '0s', executors: [{ executor: 'campaign', campaign: 'web', rate: '30/s' }] }] },
    faults: [{ id: 'firefox-outage', type: 'outage', match: { provider: 'webpush', flavour: 'firefox' }, window: { phase: 'blast', from: '0s', to: '8s' }, attributes: { retryAfterSeconds: 3 } }],
  })

/**
 * Chrome exchanges that hang (each delivery at most about once). At time
 * scale 0.5 the 10 s read timeout is a 5 s wall timer, so the oracle's
 * window (5 % early, 20 % late) is 250 ms early to 1 s late on the wall:
 * wider than the jitter of timers on a loaded machine, which at a smaller
 * scale exceeds the window (seen: a 500 ms timer armed in a stalled event
 * loop firing 180 ms early; 1 s timers firing 210 ms late at scale 0.1).
 */
export const hungExchangesPlan = (): ScenarioPlan =>
  plan({
    name: 'broken-hung',
    seed: 'broken-hung',
    clock: { start: '2026-05-04T10:00:00Z', timeScale: 0.5 },
    audience: { persons: 16, locales: 'en-US', timezones: 'UTC', devices: { perPerson: { 1: 1 }, channels: { 'webpush-chrome': 1 }, sdk: 0 } },
    campaigns: [{ name: 'hung', template: { title: 'Hello', deepLink: 'https://x.example/a' }, channels: ['webpush-chrome'], ttl: '1d' }],
    workload: { phases: [{ name: 'blast', at: '0s', executors: [{ executor: 'campaign', campaign: 'hung', rate: '8/s' }] }] },
    faults: [{ id: 'chrome-hang', type: 'hang', probability: 0.5, match: { provider: 'webpush', flavour: 'chrome' }, window: { phase: 'blast', from: '0s', to: '3s' } }],
  })

/**
 * Three campaigns to the same dead tokens, all planned at once (one
 * audience stream each, before any send: a stream identifies the persons
 * again, which resets a suppressed device) but delivered at 10:01 (two of
 * them) and 10:02 local time: the first two bounce, which suppresses the
 * device, so the third must not be sent.
 */
export const suppressedDevicePlan = (): ScenarioPlan =>
  plan({
    name: 'broken-suppressed',
    seed: 'broken-suppressed',
    clock: { start: '2026-05-04T10:00:50Z', timeScale: 0.05 },
    audience: { persons: 20, locales: 'en-US', timezones: 'UTC', devices: { perPerson: { 1: 1 }, channels: { apns: 0.5, fcm: 0.5 }, tokens: { valid: 0.5, unregistered: 0.5 }, sdk: 0 } },
    campaigns: ['10:01', '10:01', '10:02'].map((localTime, index) => ({ name: `c${index + 1}`, template: { title: 'Hello', deepLink: 'https://x.example/a' }, localTime, frequencyCap: false, ttl: '1d' })),
    workload: { phases: [{ name: 'plan', at: '0s', executors: ['c1', 'c2', 'c3'].map((campaign) => ({ executor: 'campaign', campaign, rate: '200/s' })) }] },
  })

/**
 * Firefox devices in an outage answered with Retry-After 10 s (every attempt
 * fails: 1 + 3 of them, 10 s apart), the dispatcher (the run's child
 * process) killed with -9 at 25 s, once each delivery has made two or three
 * attempts, and restarted: the attempts before the kill count against the
 * retry limit after it.
 */
export const restartRetryLimitPlan = (): ScenarioPlan =>
  plan({
    name: 'broken-restart',
    seed: 'broken-restart',
    clock: { start: '2026-05-04T10:00:00Z', timeScale: 0.1 },
    audience: { persons: 20, locales: 'en-US', timezones: 'UTC', devices: { perPerson: { 1: 1 }, channels: { apns: 0.3, 'webpush-firefox': 0.7 }, sdk: 0 } },
    campaigns: [{ name: 'restart', template: { title: 'Hello', deepLink: 'https://x.example/a' }, ttl: '1d' }],
    workload: {
      phases: [
        {
          name: 'blast',
          at: '0s',
          executors: [
            { executor: 'campaign', campaign: 'restart', rate: '100/s' },
            { executor: 'kill-dispatcher', startTime: '25s', restartAfter: '1s' },
          ],
        },
      ],
    },
    faults: [{ id: 'firefox-outage', type: 'outage', match: { provider: 'webpush', flavour: 'firefox' }, window: { phase: 'blast', from: '0s', to: '10m' }, attributes: { retryAfterSeconds: 10 } }],
  })

/**
 * A quarter of the audience unsubscribed (§10), on mobile and web channels,
 * a few persons without a device: each unsubscribed person with a device
 * must get a message whose deliveries are suppressed, never attempted. The
 * raw scenario too: the rule cases read the plan from the run's scenario file.
 */
export const unsubscribedScenario = (): Record<string, unknown> => ({
  name: 'broken-unsubscribed',
  seed: 'broken-unsubscribed',
  clock: { start: '2026-05-04T10:00:00Z', timeScale: 0.05 },
  audience: { persons: 24, locales: 'en-US', timezones: 'UTC', unsubscribed: 0.25, devices: { perPerson: { 0: 0.1, 1: 0.6, 2: 0.3 }, channels: { apns: 0.4, fcm: 0.4, 'webpush-chrome': 0.2 }, sdk: 0 } },
  campaigns: [{ name: 'news', template: { title: 'Hello', deepLink: 'https://x.example/a' }, ttl: '1d' }],
  messages: [{ name: 'receipt', template: { title: 'Your receipt' }, targeting: 'all-devices' }],
  workload: { phases: [{ name: 'send', at: '0s', executors: [{ executor: 'campaign', campaign: 'news', rate: '100/s' }, { executor: 'constant-arrival-rate', message: 'receipt', rate: '10/s', duration: '2s' }] }] },
})
export const unsubscribedPlan = (): ScenarioPlan => plan(unsubscribedScenario())
