/**
 * rules.dnd.discard and rules.dnd.delay (§9 Do Not Disturb, §10 "Retries
 * and time rules"): in the person's timezone, no attempt of a DND campaign
 * starts inside the window (retries included, both modes). A message
 * planned inside the window is never sent in discard mode; in delay mode it
 * is sent when the window ends, within DELAY_TOLERANCE_MS. A message counts
 * as planned when its campaign starts (the scenarios take their audience in
 * within seconds). Instants are compared with the two-clock slack.
 */
import { CaseBuilder, type CaseResult } from '../../case.ts'
import { iso, messageEvidence, SECTION_9_10 } from '../../rules/evidence.ts'
import { clockMinutes, inWindow, localOf, nextLocalTime } from '../../rules/local-clock.ts'
import { attempted, firstAttemptOf, type RuledCampaign, type RulesRun } from '../../rules/model.ts'

/** How long after the window's end a delayed message may go out: the dispatcher wakes and works through its queue. */
export const DELAY_TOLERANCE_MS = 15 * 60_000

type Mode = 'discard' | 'delay'

export const dndDiscardCase = (run: RulesRun): CaseResult => dndCase(run, 'discard')
export const dndDelayCase = (run: RulesRun): CaseResult => dndCase(run, 'delay')

function dndCase(run: RulesRun, mode: Mode): CaseResult {
  const title = mode === 'discard' ? 'DND discard: nothing sent inside the person’s DND window; a message planned in it is never sent' : 'DND delay: nothing sent inside the window; a message planned in it goes out when the window ends'
  const builder = new CaseBuilder(`rules.dnd.${mode}`, title, SECTION_9_10)
  const campaigns = run.campaigns.filter((campaign) => campaign.plan.dnd?.action === mode)
  if (campaigns.length === 0) return builder.result(`no campaign of the scenario has DND ${mode}`)
  for (const campaign of campaigns) judgeCampaign(run, campaign, mode, builder)
  return builder.result()
}

function judgeCampaign(run: RulesRun, campaign: RuledCampaign, mode: Mode, builder: CaseBuilder): void {
  const dnd = campaign.plan.dnd!
  const from = clockMinutes(dnd.from)!
  const to = clockMinutes(dnd.to)!
  for (const message of campaign.messages) {
    const person = run.person(message.personId)
    if (person === undefined || message.deliveries.length === 0) continue
    const inside = (at: number) => inWindow(localOf(at, person.timezone).minute, from, to)
    const during = message.deliveries.flatMap((delivery) => delivery.attempts).find((attempt) => inside(attempt.start - run.slackMs) && inside(attempt.start + run.slackMs))
    if (during !== undefined) {
      builder.check({ ...messageEvidence(campaign, message, `no attempt in ${dnd.from}–${dnd.to} ${person.timezone}`, iso(during.start), `attempt ${during.seq} at ${localOf(during.start, person.timezone).date} local ${formatMinute(localOf(during.start, person.timezone).minute)}, inside DND`), seq: [during.seq] })
      continue
    }
    if (!inside(campaign.startsAt) || message.failure !== null) {
      builder.check()
      continue
    }
    if (mode === 'discard') {
      builder.check(attempted(message) ? messageEvidence(campaign, message, 'discarded (never sent)', 'sent', 'planned inside DND (discard) yet sent later') : undefined)
      continue
    }
    const end = nextLocalTime(campaign.startsAt, person.timezone, to)
    const first = firstAttemptOf(message)
    if (first === undefined) builder.check(messageEvidence(campaign, message, `sent at ${iso(end)}`, 'never sent', 'planned inside DND (delay) and never sent: a delay must not discard'))
    else builder.check(first.start <= end + DELAY_TOLERANCE_MS ? undefined : messageEvidence(campaign, message, `first attempt by ${iso(end + DELAY_TOLERANCE_MS)}`, iso(first.start), `sent ${Math.round((first.start - end) / 60_000)} min after the DND window ended`))
  }
}

const formatMinute = (minute: number): string => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(Math.floor(minute % 60)).padStart(2, '0')}`
