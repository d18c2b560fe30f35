/**
 * A month of daily campaigns: every day of March 2026 at 08:00 (Europe/Berlin's
 * morning), one small "daily digest" campaign to the whole audience — 31
 * phases a day apart, generated below. The clock jumps a day between them.
 *
 * A correct dispatcher sends each day's campaign on its day and reports
 * trends of Sent / Viewed / Clicked per day, week and month: taken over the
 * month's campaigns, the daily trend covers 31 days (one each), the weekly
 * one the 5 ISO weeks the month touches, the monthly one March alone.
 */
import { defineScenario } from '../define.ts'
import type { CampaignConfig, PhaseConfig } from '../types.ts'

const DAYS = 31
const day = (d: number) => String(d + 1).padStart(2, '0')

const campaigns: CampaignConfig[] = Array.from({ length: DAYS }, (_, d) => ({
  name: `digest-03-${day(d)}`,
  template: { title: `Your digest for March ${d + 1}`, deepLink: `https://news.example/digest/2026-03-${day(d)}` },
  // Daily sends are not capped: the digest is the one message of the day.
  frequencyCap: false,
}))

const phases: PhaseConfig[] = campaigns.map((campaign, d) => ({
  name: `day-${day(d)}`,
  at: `${d}d`,
  executors: [{ executor: 'campaign', campaign: campaign.name, rate: '50/s' }],
}))

export default defineScenario({
  name: 'month-of-dailies',
  seed: 'month-of-dailies',
  clock: { start: '2026-03-01T08:00:00+01:00', timeScale: 0.05 },
  audience: {
    persons: 25,
    timezones: 'Europe/Berlin',
    // Apps in the foreground report within seconds: each day settles before the next.
    devices: { perPerson: { 1: 1 }, channels: { apns: 0.4, fcm: 0.4, 'webpush-chrome': 0.2 }, appStates: { foreground: 1 } },
  },
  campaigns,
  workload: { phases },
  expectations: { rules: ['error-effects'] },
})
