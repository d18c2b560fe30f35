/**
 * Transactional sends ramping past the reference dispatcher's capacity
 * (open model: arrivals do not wait for answers). A low-rate phase gives
 * the baseline latency; then the rate ramps from 20/s to 1,500/s in 2 s
 * and holds 1 s. Past capacity the harness drops arrivals when 256 sends
 * already wait (k6's dropped_iterations) and send latency bends upward.
 *
 * A correct dispatcher stays up, answers every send it took, and every
 * message it planned ends final (nothing lost); the figures show where its
 * capacity is. Short for tests (timeScale 1, ~6 s of load). For the bench,
 * the long variant: `low` 20/s for 60 s, then startRate 50/s → 5,000/s
 * over 5 min, hold 5,000/s for 2 min, audience 100,000 persons, with
 * `pushsim run --dispatcher child` (its own process, as in bench:run).
 */
import { defineScenario } from '../define.ts'

export default defineScenario({
  name: 'transactional-ramp',
  seed: 'transactional-ramp',
  clock: { start: '2026-02-10T14:00:00+01:00', timeScale: 1 },
  audience: {
    persons: 5000,
    timezones: 'Europe/Amsterdam',
    // No device reports: this scenario measures the dispatcher's send path only.
    devices: { perPerson: { 1: 1 }, channels: { apns: 0.5, fcm: 0.5 }, sdk: 0 },
  },
  messages: [{ name: 'otp', template: { title: 'Your code', body: 'Your login code is 123456', deepLink: 'https://bank.example/login' }, ttl: '5m' }],
  workload: {
    phases: [
      { name: 'low', at: '0s', executors: [{ executor: 'constant-arrival-rate', message: 'otp', rate: '20/s', duration: '3s' }] },
      {
        name: 'ramp',
        at: '10s',
        executors: [{ executor: 'ramping-arrival-rate', message: 'otp', startRate: '20/s', stages: [{ target: '1500/s', duration: '2s' }, { target: '1500/s', duration: '1s' }] }],
      },
    ],
  },
  expectations: { thresholds: ['p99(send_latency) < 500ms'], rules: ['error-effects'] },
})
