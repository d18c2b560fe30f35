/**
 * rules.personalisation (§9 "Personalisation", §3 "a template variable is
 * missing"): a message whose template names a property the person lacks,
 * with no fallback, fails — nothing of it is sent, and it is reported
 * failed; one whose every placeholder is filled (a property, or the
 * fallback) is not failed for a missing variable, and each of its pushes
 * shows that template rendered for the person (title and body:
 * personalisation-shown.ts) — every APNs and FCM attempt from the ledger's
 * request body, an accepted web push from what the device decrypted (its
 * body is encrypted on the wire, so a refused one is not judged). The
 * template is the message's variant's, from the scenario.
 */
import { CaseBuilder, type CaseResult } from '../../case.ts'
import { messageEvidence, SECTION_9 } from '../../rules/evidence.ts'
import { attempted, type RuledMessage, type RulesRun } from '../../rules/model.ts'
import { renderShown } from '../../rules/render-template.ts'
import { judgeShown } from './personalisation-shown.ts'

const reportedFailed = (message: RuledMessage): boolean => message.failure !== null || (message.deliveries.length > 0 && message.deliveries.every((delivery) => delivery.state === 'failed'))
const failedForTemplate = (message: RuledMessage): boolean => /template|variable|personali/i.test([message.failure, ...message.deliveries.map((delivery) => delivery.code)].join(' '))

export function personalisationCase(run: RulesRun): CaseResult {
  const builder = new CaseBuilder('rules.personalisation', 'a missing property without a fallback fails the message; a filled template does not, and its pushes show it rendered for the person', SECTION_9)
  let templated = false
  for (const campaign of run.campaigns) {
    for (const message of campaign.messages) {
      const variant = campaign.plan.variants.find((candidate) => candidate.name === message.variantId)
      const person = run.person(message.personId)
      if (variant === undefined || person === undefined || message.control || variant.template.placeholders.length === 0) continue
      templated = true
      const missing = variant.template.placeholders.filter((placeholder) => placeholder.fallback === undefined && person.properties[placeholder.property] === undefined).map((placeholder) => placeholder.property)
      if (missing.length > 0) {
        if (attempted(message)) builder.check(messageEvidence(campaign, message, 'failed, nothing sent', 'sent', `sent although ${missing.join(', ')} is missing and the template has no fallback`))
        else if (message.deliveries.length > 0 || message.failure !== null) builder.check(reportedFailed(message) ? undefined : messageEvidence(campaign, message, 'reported failed', message.deliveries.map((delivery) => delivery.state).join(', '), `${missing.join(', ')} missing, but the message is not reported failed`))
      } else if (message.deliveries.length > 0 || message.failure !== null) {
        builder.check(failedForTemplate(message) && !attempted(message) ? messageEvidence(campaign, message, 'sent (every placeholder filled or with a fallback)', message.failure ?? 'failed', 'failed for a template variable though none was missing') : undefined)
        const expected = renderShown(variant.template, person.properties)
        if (expected === undefined) continue
        for (const delivery of message.deliveries) {
          const judged = judgeShown(campaign, message, delivery, expected)
          if (judged !== undefined) builder.check(judged.evidence)
        }
      }
    }
  }
  return builder.result(templated ? undefined : 'no campaign template of the scenario has a placeholder')
}
