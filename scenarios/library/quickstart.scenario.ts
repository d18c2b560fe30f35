/** Small and fault-free: 200 persons on every channel, one campaign, one transactional ramp. */
import { defineScenario } from '../define.ts'

export default defineScenario({
  name: 'quickstart',
  seed: 1,
  clock: { start: '2026-03-02T09:00:00+01:00' },
  audience: {
    persons: 200,
    locales: { 'en-US': 0.5, 'de-DE': 0.3, 'fr-FR': 0.2 },
    properties: { firstName: { missing: 0.1 }, city: { missing: 0.3 } },
    testProfiles: 0.05,
    devices: {
      perPerson: { 0: 0.05, 1: 0.7, 2: 0.25 },
      channels: { apns: 0.3, fcm: 0.3, 'webpush-chrome': 0.15, 'webpush-firefox': 0.1, 'webpush-kaios': 0.05, 'webpush-safari': 0.1 },
      optIn: 0.8,
      appStates: { foreground: 0.1, background: 0.5, closed: 0.4 },
    },
  },
  campaigns: [
    {
      name: 'welcome',
      template: { title: 'Welcome, {{firstName|friend}}', body: 'Your first week is on us.', deepLink: 'https://shop.example/welcome' },
      targeting: 'all-devices',
      controlGroup: 0.1,
    },
  ],
  messages: [{ name: 'login-code', template: { title: 'Your code', body: 'Hi {{firstName|there}}, your code is 123456', deepLink: 'https://shop.example/login' }, ttl: '5m' }],
  workload: {
    phases: [
      {
        name: 'launch',
        at: '0s',
        executors: [
          { executor: 'campaign', campaign: 'welcome', rate: '50/s' },
          { executor: 'ramping-arrival-rate', message: 'login-code', startRate: '1/s', stages: [{ target: '5/s', duration: '10s' }, { target: '5/s', duration: '10s' }] },
        ],
      },
    ],
  },
  expectations: {
    thresholds: ['p99(send_latency) < 2s', 'rate(errors) < 0.01'],
    rules: ['error-effects', 'device-reports'],
  },
})
