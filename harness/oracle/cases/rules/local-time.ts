/**
 * rules.local-time (§9 "Deliver in the person's timezone"): a campaign set
 * to a local time reaches each person at the next such time of their own
 * timezone after the campaign starts: the first attempt no earlier (less
 * the two-clock slack) and no later than LOCAL_TIME_TOLERANCE_MS after it.
 */
import { CaseBuilder, type CaseResult } from '../../case.ts'
import { iso, messageEvidence, SECTION_9 } from '../../rules/evidence.ts'
import { clockMinutes, nextLocalTime } from '../../rules/local-clock.ts'
import { firstAttemptOf, type RulesRun } from '../../rules/model.ts'

/** The dispatcher wakes at the instant and works through every person due then. */
export const LOCAL_TIME_TOLERANCE_MS = 15 * 60_000

export function localTimeCase(run: RulesRun): CaseResult {
  const builder = new CaseBuilder('rules.local-time', 'a campaign at a local time reaches each person at that time in their timezone', SECTION_9)
  const campaigns = run.campaigns.filter((campaign) => campaign.plan.localTime !== undefined)
  if (campaigns.length === 0) return builder.result('no campaign of the scenario delivers at a local time')
  for (const campaign of campaigns) {
    const minute = clockMinutes(campaign.plan.localTime!)!
    for (const message of campaign.messages) {
      const person = run.person(message.personId)
      const first = firstAttemptOf(message)
      if (person === undefined || first === undefined) continue
      const due = nextLocalTime(campaign.startsAt, person.timezone, minute)
      const ok = first.start >= due - run.slackMs && first.start <= due + LOCAL_TIME_TOLERANCE_MS
      builder.check(ok ? undefined : messageEvidence(campaign, message, `${iso(due)} (${campaign.plan.localTime} ${person.timezone})`, iso(first.start), `first attempt ${Math.round((first.start - due) / 60_000)} min from ${campaign.plan.localTime} local`))
    }
  }
  return builder.result()
}
