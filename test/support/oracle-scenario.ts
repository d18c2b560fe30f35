/**
 * A small scenario with the wire faults the oracle's retry, timeout and
 * classification cases need: unregistered tokens (410s), a 429 window with
 * Retry-After, a short outage, and a few hung exchanges (no FCM fault: one
 * would also answer the OAuth token endpoint, which the reference dispatcher
 * reads as a configuration failure of every FCM delivery) — shared by the
 * oracle's end-to-end tests.
 */
import { decodeScenario } from '../../scenarios/decode/scenario.ts'
import type { ScenarioPlan } from '../../scenarios/plan-types.ts'

export function oracleScenarioPlan(overrides: { persons?: number; seed?: string } = {}): ScenarioPlan {
  const decoded = decodeScenario({
    name: 'oracle-faults',
    seed: overrides.seed ?? 'oracle-faults',
    clock: { start: '2026-05-04T10:00:00Z', timeScale: 0.1 },
    audience: {
      persons: overrides.persons ?? 120,
      locales: 'en-US',
      devices: { perPerson: { 1: 0.7, 2: 0.3 }, channels: { apns: 0.4, fcm: 0.3, 'webpush-chrome': 0.15, 'webpush-firefox': 0.15 }, tokens: { valid: 0.85, unregistered: 0.15 } },
    },
    campaigns: [{ name: 'faults', template: { title: 'Hello', deepLink: 'https://x.example/a' }, ttl: '1d' }],
    workload: { phases: [{ name: 'blast', at: '0s', executors: [{ executor: 'campaign', campaign: 'faults', rate: '20/s' }] }] },
    faults: [
      { id: 'apns-429', type: 'error', probability: 0.4, match: { provider: 'apns' }, window: { phase: 'blast', from: '0s', to: '20s' }, attributes: { code: 'TooManyRequests', retryAfterSeconds: 3 } },
      { id: 'firefox-outage', type: 'outage', match: { provider: 'webpush', flavour: 'firefox' }, window: { phase: 'blast', from: '0s', to: '8s' }, attributes: { retryAfterSeconds: 2 } },
      { id: 'chrome-hang', type: 'hang', probability: 0.3, match: { provider: 'webpush', flavour: 'chrome' }, window: { phase: 'blast', from: '0s', to: '10s' } },
    ],
  })
  if (!decoded.ok) throw new Error(JSON.stringify(decoded.problems))
  return decoded.plan
}
