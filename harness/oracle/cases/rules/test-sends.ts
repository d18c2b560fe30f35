/**
 * rules.test-sends (§9 "Test sends go to persons marked as test profiles"):
 * in a test campaign, nothing reaches a person who is not a test profile,
 * and every test profile with a device is sent it.
 */
import { CaseBuilder, type CaseResult } from '../../case.ts'
import { messageEvidence, SECTION_9 } from '../../rules/evidence.ts'
import { attempted, type RulesRun } from '../../rules/model.ts'

export function testSendsCase(run: RulesRun): CaseResult {
  const builder = new CaseBuilder('rules.test-sends', 'a test send reaches the test profiles, and only them', SECTION_9)
  const campaigns = run.campaigns.filter((campaign) => campaign.plan.test)
  if (campaigns.length === 0) return builder.result('no campaign of the scenario is a test send')
  for (const campaign of campaigns) {
    for (const message of campaign.messages) {
      const person = run.person(message.personId)
      if (person === undefined) continue
      if (!person.test) builder.check(attempted(message) ? messageEvidence(campaign, message, 'nothing sent (not a test profile)', 'sent', 'a test send reached a person who is not a test profile') : undefined)
      else if (message.deliveries.length > 0 && message.failure === null) builder.check(attempted(message) ? undefined : messageEvidence(campaign, message, 'sent', message.deliveries.map((delivery) => delivery.state).join(', '), 'a test profile was not sent the test send'))
    }
  }
  return builder.result()
}
