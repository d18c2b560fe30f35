/**
 * rules.recurring-day (§9 "Recurring day"): a campaign recurring on day D
 * of the month starts on the next D in the person's timezone, never on an
 * earlier date: each message's first attempt falls on a local date whose
 * day is D, on or after the next D from the campaign's start.
 */
import { CaseBuilder, type CaseResult } from '../../case.ts'
import { messageEvidence, SECTION_9 } from '../../rules/evidence.ts'
import { localOf, nextMonthDay } from '../../rules/local-clock.ts'
import { firstAttemptOf, type RulesRun } from '../../rules/model.ts'

export function recurringDayCase(run: RulesRun): CaseResult {
  const builder = new CaseBuilder('rules.recurring-day', 'a campaign recurring on day D of the month starts on the next D, never earlier', SECTION_9)
  const campaigns = run.campaigns.filter((campaign) => campaign.plan.recurringDay !== undefined)
  if (campaigns.length === 0) return builder.result('no campaign of the scenario recurs on a day of the month')
  for (const campaign of campaigns) {
    const day = campaign.plan.recurringDay!
    for (const message of campaign.messages) {
      const person = run.person(message.personId)
      const first = firstAttemptOf(message)
      if (person === undefined || first === undefined) continue
      const expected = nextMonthDay(campaign.startsAt, person.timezone, day)
      const local = localOf(first.start, person.timezone)
      builder.check(local.day === day && local.date >= expected ? undefined : messageEvidence(campaign, message, `on ${expected} or a later day ${day} (${person.timezone})`, local.date, `first sent on ${local.date}, not on the next day ${day} (${expected})`))
    }
  }
  return builder.result()
}
