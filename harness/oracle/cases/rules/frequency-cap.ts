/**
 * rules.frequency-cap and rules.opt-out (§9 global campaign limit, §10
 * "frequency exceeded"). A notification is a message with an attempt on
 * the wire; its day is the person's local date of its first attempt; every
 * campaign's notifications count toward the limit. Readings:
 * - a capped message sent as the person's (N+1)th notification of that
 *   local day breaks the cap;
 * - a message stopped as frequency exceeded (its deliveries' code says
 *   `frequency`) must have met N sends on the local day its campaign
 *   started, before that start;
 * - opt-out: a campaign without a cap is never stopped for frequency, even
 *   for a person already at another campaign's cap that day.
 */
import { CaseBuilder, type CaseResult } from '../../case.ts'
import { messageEvidence, SECTION_9_10 } from '../../rules/evidence.ts'
import { localOf } from '../../rules/local-clock.ts'
import { attempted, firstAttemptOf, type RuledMessage, type RulesRun } from '../../rules/model.ts'

/** Each person's notifications: their local day and first attempt, in start order. */
function notificationsOf(run: RulesRun): Map<string, { day: string; start: number; messageId: string }[]> {
  const byPerson = new Map<string, { day: string; start: number; messageId: string }[]>()
  for (const campaign of run.campaigns) {
    for (const message of campaign.messages) {
      const first = firstAttemptOf(message)
      const person = run.person(message.personId)
      if (first === undefined || person === undefined) continue
      const list = byPerson.get(message.personId) ?? []
      list.push({ day: localOf(first.start, person.timezone).date, start: first.start, messageId: message.messageId })
      byPerson.set(message.personId, list)
    }
  }
  for (const list of byPerson.values()) list.sort((a, b) => a.start - b.start)
  return byPerson
}

const stoppedForFrequency = (message: RuledMessage): boolean => !attempted(message) && message.deliveries.length > 0 && message.deliveries.every((delivery) => /frequency/i.test(delivery.code ?? ''))

export function frequencyCapCase(run: RulesRun): CaseResult {
  const builder = new CaseBuilder('rules.frequency-cap', 'at most N notifications per person per local day; a stop is justified by N earlier sends', SECTION_9_10)
  const capped = run.campaigns.filter((campaign) => campaign.plan.frequencyCap !== undefined)
  if (capped.length === 0) return builder.result('no campaign of the scenario has a frequency cap')
  const notifications = notificationsOf(run)
  for (const campaign of capped) {
    const cap = campaign.plan.frequencyCap!.perDay
    for (const message of campaign.messages) {
      const person = run.person(message.personId)
      if (person === undefined) continue
      const sent = notifications.get(message.personId) ?? []
      const first = firstAttemptOf(message)
      if (first !== undefined) {
        const day = localOf(first.start, person.timezone).date
        const before = sent.filter((other) => other.day === day && other.start < first.start && other.messageId !== message.messageId).length
        builder.check(before < cap ? undefined : messageEvidence(campaign, message, `≤ ${cap} notifications on ${day}`, before + 1, `sent as notification ${before + 1} of the local day ${day}, cap ${cap}`))
      } else if (stoppedForFrequency(message)) {
        const day = localOf(campaign.startsAt, person.timezone).date
        const before = sent.filter((other) => other.day === day && other.start <= campaign.startsAt + run.slackMs).length
        builder.check(before >= cap ? undefined : messageEvidence(campaign, message, `${cap} sends before stopping`, before, `stopped as frequency exceeded after ${before} notification(s) on ${day}, cap ${cap}`))
      }
    }
  }
  return builder.result()
}

export function optOutCase(run: RulesRun): CaseResult {
  const builder = new CaseBuilder('rules.opt-out', 'a campaign outside the frequency cap is never stopped as frequency exceeded', SECTION_9_10)
  const caps = run.campaigns.flatMap((campaign) => (campaign.plan.frequencyCap === undefined ? [] : [campaign.plan.frequencyCap.perDay]))
  if (caps.length === 0) return builder.result('no campaign of the scenario has a frequency cap: opting out changes nothing')
  const cap = Math.min(...caps)
  const notifications = notificationsOf(run)
  for (const campaign of run.campaigns.filter((candidate) => candidate.plan.frequencyCap === undefined)) {
    for (const message of campaign.messages) {
      const person = run.person(message.personId)
      if (person === undefined || message.deliveries.length === 0) continue
      const day = localOf(campaign.startsAt, person.timezone).date
      const before = (notifications.get(message.personId) ?? []).filter((other) => other.day === day && other.start < campaign.startsAt).length
      // Only a person already at the cap tells an opted-out campaign from a capped one.
      if (before < cap) continue
      builder.check(stoppedForFrequency(message) ? messageEvidence(campaign, message, 'sent (the campaign opted out of the cap)', 'frequency exceeded', `stopped as frequency exceeded though the campaign has no cap (${before} earlier notification(s) on ${day})`) : undefined)
    }
  }
  return builder.result()
}
