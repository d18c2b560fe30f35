import type { CampaignRules } from '../model/entities.ts'

/**
 * §9 global campaign limit: at most N notifications per person per day unless the campaign opts out.
 * `sendsToday` counts the person's sends on their local day of planning (interpretation: the cap is
 * judged when the message is planned, even when DND or local time delays the send to a later day).
 */
export function isFrequencyCapped(rules: CampaignRules, sendsToday: number): boolean {
  if (rules.frequencyCapPerDay === undefined || rules.capOptOut === true) return false
  return sendsToday >= rules.frequencyCapPerDay
}
