/**
 * Do Not Disturb and local-time delivery across the DST change in
 * Europe/Berlin (2026-03-29, 02:00 CET → 03:00 CEST: the night is an hour
 * short). At 22:00 on Saturday, inside the 21:00–09:00 DND window, a
 * campaign with DND `delay` goes out, and another set to arrive at 09:30
 * local time.
 *
 * A correct dispatcher delays the first to the end of the window, 09:00
 * CEST on Sunday (07:00 UTC — not 08:00 UTC, which an 11-hour offset from
 * 22:00 CET would give), and delivers the second at 09:30 CEST: every
 * accepted delivery falls outside 21:00–09:00 Berlin time, and none is
 * discarded.
 */
import { defineScenario } from '../define.ts'

export default defineScenario({
  name: 'dnd-dst',
  seed: 'dnd-dst',
  clock: { start: '2026-03-28T21:30:00+01:00', timeScale: 0.05 },
  audience: {
    persons: 300,
    timezones: 'Europe/Berlin',
    locales: 'de-DE',
    devices: { perPerson: { 1: 0.8, 2: 0.2 }, channels: { apns: 0.4, fcm: 0.4, 'webpush-chrome': 0.2 }, appStates: { foreground: 0.3, background: 0.7 } },
  },
  campaigns: [
    {
      name: 'sunday-brunch',
      template: { title: 'Sonntagsbrunch', body: 'Heute 20 % auf alles', deepLink: 'https://shop.example/brunch' },
      dnd: { from: '21:00', to: '09:00', action: 'delay' },
    },
    {
      name: 'sunday-paper',
      template: { title: 'Die Sonntagszeitung ist da', deepLink: 'https://news.example/sonntag' },
      localTime: '09:30',
    },
  ],
  workload: {
    phases: [
      {
        name: 'saturday-night',
        at: '30m',
        executors: [
          { executor: 'campaign', campaign: 'sunday-brunch', rate: '100/s' },
          { executor: 'campaign', campaign: 'sunday-paper', rate: '100/s' },
        ],
      },
    ],
  },
  expectations: { rules: ['error-effects'] },
})
