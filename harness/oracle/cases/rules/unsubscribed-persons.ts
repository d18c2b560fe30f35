/**
 * rules.unsubscribed-persons (§10 "Unsubscribed persons"): an unsubscribed
 * person is never attempted; their message's deliveries, if any, are
 * suppressed.
 */
import { CaseBuilder, type CaseResult } from '../../case.ts'
import { messageEvidence, SECTION_9_10 } from '../../rules/evidence.ts'
import { attempted, type RulesRun } from '../../rules/model.ts'

export function unsubscribedPersonsCase(run: RulesRun): CaseResult {
  const builder = new CaseBuilder('rules.unsubscribed-persons', 'an unsubscribed person gets no attempt; their deliveries are suppressed', { ...SECTION_9_10, section: '§10' })
  let seen = false
  for (const campaign of run.campaigns) {
    for (const message of campaign.messages) {
      if (run.person(message.personId)?.unsubscribed !== true) continue
      seen = true
      const unsuppressed = message.deliveries.find((delivery) => delivery.state !== 'suppressed')
      if (attempted(message)) builder.check(messageEvidence(campaign, message, 'no attempt', 'sent', 'an unsubscribed person was sent the message'))
      else builder.check(unsuppressed === undefined ? undefined : messageEvidence(campaign, message, 'suppressed', unsuppressed.state, `an unsubscribed person’s delivery is ${unsuppressed.state}`))
    }
  }
  return builder.result(seen ? undefined : 'no person of the audience is unsubscribed (the scenario format cannot mark one yet)')
}
