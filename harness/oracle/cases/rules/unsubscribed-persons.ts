/**
 * rules.unsubscribed-persons (§10 "Unsubscribed persons"): an unsubscribed
 * person is never attempted and never held out (they did not qualify);
 * their message's deliveries are all suppressed, and a person with a live
 * device on the campaign's channels has at least one, so that the message
 * counts in the person-status Sends as a suppressed message.
 */
import { CaseBuilder, type CaseResult } from '../../case.ts'
import { messageEvidence, SECTION_9_10 } from '../../rules/evidence.ts'
import { attempted, type RuledCampaign, type RuledMessage, type RulesPerson, type RulesRun } from '../../rules/model.ts'

export function unsubscribedPersonsCase(run: RulesRun): CaseResult {
  const builder = new CaseBuilder('rules.unsubscribed-persons', 'an unsubscribed person gets no attempt and is not held out; their deliveries are suppressed', { ...SECTION_9_10, section: '§10' })
  let seen = false
  for (const campaign of run.campaigns) {
    for (const message of campaign.messages) {
      const person = run.person(message.personId)
      if (person?.unsubscribed !== true) continue
      seen = true
      builder.check(violation(campaign, message, person))
    }
  }
  return builder.result(seen ? undefined : 'no person of the audience is unsubscribed (the scenario’s audience.unsubscribed is 0)')
}

function violation(campaign: RuledCampaign, message: RuledMessage, person: RulesPerson) {
  if (attempted(message)) return messageEvidence(campaign, message, 'no attempt', 'sent', 'an unsubscribed person was sent the message')
  if (message.control) return messageEvidence(campaign, message, 'not held out', 'control', 'an unsubscribed person was held out in the control group, as if qualified')
  const unsuppressed = message.deliveries.find((delivery) => delivery.state !== 'suppressed')
  if (unsuppressed !== undefined) return messageEvidence(campaign, message, 'suppressed', unsuppressed.state, `an unsubscribed person’s delivery is ${unsuppressed.state}`)
  const live = person.liveChannels?.some((channel) => campaign.plan.channels.includes(channel)) === true
  if (live && message.deliveries.length === 0) return messageEvidence(campaign, message, 'suppressed deliveries', 'none', 'an unsubscribed person with a live device got a message without deliveries: it is not counted in Sends as suppressed')
  return undefined
}
