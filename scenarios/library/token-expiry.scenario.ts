/**
 * Expired provider credentials mid-run: a morning send signs an APNs
 * provider token and fetches an FCM OAuth access token; two hours later on
 * the calendar (the clock jumps) both are stale — APNs takes a token for
 * an hour, Google's access tokens live an hour.
 *
 * A correct dispatcher does not send the stale ones: the reference
 * dispatcher renews both by age on its own (virtual) clock, so after the
 * jump it signs and fetches fresh ones first. The reactive path is
 * rehearsed too: for the first 2 s after the jump the providers answer as
 * if the credential had expired anyway (APNs 403 ExpiredProviderToken, FCM
 * 401 UNAUTHENTICATED ACCESS_TOKEN_EXPIRED — a provider whose clock runs
 * ahead), with Retry-After: 3. The dispatcher refreshes the credential
 * once, retries (not sooner than Retry-After), and every delivery is
 * accepted; none fails.
 */
import { defineScenario } from '../define.ts'

const afterJump = { phase: 'two-hours-later', from: '0s', to: '2s' }

export default defineScenario({
  name: 'token-expiry',
  seed: 'token-expiry',
  clock: { start: '2026-09-15T08:00:00+02:00', timeScale: 0.1 },
  audience: {
    persons: 300,
    timezones: 'Europe/Berlin',
    devices: { perPerson: { 1: 1 }, channels: { apns: 0.5, fcm: 0.5 }, appStates: { foreground: 1 } },
  },
  campaigns: [
    { name: 'morning', template: { title: 'Good morning', deepLink: 'https://news.example/morning' } },
    { name: 'mid-morning', template: { title: 'Your 10 o’clock briefing', deepLink: 'https://news.example/briefing' } },
  ],
  workload: {
    phases: [
      { name: 'morning', at: '0s', executors: [{ executor: 'campaign', campaign: 'morning', rate: '100/s' }] },
      { name: 'two-hours-later', at: '2h', executors: [{ executor: 'campaign', campaign: 'mid-morning', rate: '100/s' }] },
    ],
  },
  faults: [
    { id: 'apns-expired', type: 'error', match: { provider: 'apns' }, window: afterJump, attributes: { code: 'ExpiredProviderToken', retryAfterSeconds: 3 } },
    { id: 'fcm-expired', type: 'error', match: { provider: 'fcm', route: { pattern: 'messages:send' } }, window: afterJump, attributes: { code: 'ACCESS_TOKEN_EXPIRED', retryAfterSeconds: 3 } },
  ],
  expectations: { thresholds: ['rate(errors) < 0.01'], rules: ['error-effects', 'timeouts-retries'] },
})
