/**
 * rules.unsubscribed-persons (§10 "Unsubscribed persons"): an unsubscribed
 * person is never attempted and never held out (they did not qualify);
 * their message's deliveries are all suppressed, and a person with a live
 * device on the campaign's channels has at least one, so that the message
 * counts in the person-status Sends as a suppressed message. They get a
 * message at all: a campaign given the whole audience that has none for an
 * unsubscribed person with a device on its channels dropped it, and so did
 * a transactional send the run made for one (sends.ndjson) whose message
 * the dispatcher neither answered nor reported. A transactional message it
 * did report is judged as a campaign's: no attempt, not held out, suppressed.
 */
import { CaseBuilder, type CaseResult } from '../../case.ts'
import type { Channel } from '../../../../scenarios/types.ts'
import { messageEvidence, SECTION_9_10, type MessageSource } from '../../rules/evidence.ts'
import type { OwedSend } from '../../rules/read-sends.ts'
import { attempted, type RuledMessage, type RulesRun } from '../../rules/model.ts'

export function unsubscribedPersonsCase(run: RulesRun): CaseResult {
  const builder = new CaseBuilder('rules.unsubscribed-persons', 'an unsubscribed person gets a message, no attempt and no control-group hold-out; its deliveries are suppressed', { ...SECTION_9_10, section: '§10' })
  let seen = false
  for (const campaign of run.campaigns) {
    for (const message of campaign.messages) {
      const person = run.person(message.personId)
      if (person?.unsubscribed !== true) continue
      seen = true
      builder.check(violation(campaign, message, onChannels(person.liveChannels, campaign.plan.channels)))
    }
  }
  seen = checkMissing(run, builder) || seen
  for (const send of run.owedSends ?? []) {
    seen = true
    // A transactional message targets the person's devices on any channel.
    const live = (run.person(send.personId)?.liveChannels?.length ?? 0) > 0
    if (!send.reported) builder.check(missingSend(send))
    else builder.check(send.found === undefined ? undefined : violation({ id: send.campaignId, name: `${send.message} (send ${send.key})` }, send.found, live))
  }
  return builder.result(seen ? undefined : 'no person of the audience is unsubscribed (the scenario’s audience.unsubscribed is 0)')
}

/** `live`: the person has a device the provider takes among those the message targets, so it owes a suppressed delivery. */
function violation(source: MessageSource, message: RuledMessage, live: boolean) {
  if (attempted(message)) return messageEvidence(source, message, 'no attempt', 'sent', 'an unsubscribed person was sent the message')
  if (message.control) return messageEvidence(source, message, 'not held out', 'control', 'an unsubscribed person was held out in the control group, as if qualified')
  const unsuppressed = message.deliveries.find((delivery) => delivery.state !== 'suppressed')
  if (unsuppressed !== undefined) return messageEvidence(source, message, 'suppressed', unsuppressed.state, `an unsubscribed person’s delivery is ${unsuppressed.state}`)
  if (live && message.deliveries.length === 0) return messageEvidence(source, message, 'suppressed deliveries', 'none', 'an unsubscribed person with a live device got a message without deliveries: it is not counted in Sends as suppressed')
  return undefined
}

/**
 * Every unsubscribed person of the audience against each campaign given all
 * of it: held in memory are only each such campaign's persons with a message
 * (no more than the messages the run already holds). Test sends go to test
 * profiles only (§9), so a test campaign owes the others nothing.
 */
function checkMissing(run: RulesRun, builder: CaseBuilder): boolean {
  const whole = run.campaigns.filter((campaign) => campaign.wholeAudience === true)
  if (whole.length === 0 || run.unsubscribed === undefined) return false
  const messaged = whole.map((campaign) => new Set(campaign.messages.map((message) => message.personId)))
  let seen = false
  for (const person of run.unsubscribed()) {
    whole.forEach((campaign, i) => {
      if ((campaign.plan.test && !person.test) || !onChannels(person.channels, campaign.plan.channels) || messaged[i]!.has(person.id)) return
      seen = true
      builder.check({
        campaignId: campaign.id,
        personId: person.id,
        seq: [],
        expected: 'a message, its deliveries suppressed',
        actual: 'no message',
        note: `${campaign.name}, ${person.id}: an unsubscribed person with a device on the campaign’s channels got no message: it is not counted in Sends as suppressed`,
      })
    })
  }
  return seen
}

/** A transactional send the run made for an unsubscribed person with a device, its message neither answered nor reported. */
function missingSend(send: OwedSend) {
  const answered = send.messageId === null ? 'answered no message id' : `answered message ${send.messageId}, not in its report`
  return { campaignId: send.campaignId, personId: send.personId, seq: [], expected: 'a message, its deliveries suppressed', actual: 'no message', note: `${send.message} (send ${send.key}), ${send.personId}: an unsubscribed person with a device got no message (${answered}): it is not counted in Sends as suppressed` }
}

const onChannels = (channels: readonly Channel[] | undefined, campaign: readonly Channel[]): boolean => channels?.some((channel) => campaign.includes(channel)) === true
