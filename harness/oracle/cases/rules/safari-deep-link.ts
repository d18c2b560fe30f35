/**
 * rules.safari-deep-link (§9 "Safari"): Safari renders nothing without a
 * deep link, so a Safari delivery goes out only with one in its variant's
 * template; one without is never attempted and is reported failed.
 */
import { CaseBuilder, type CaseResult } from '../../case.ts'
import { SECTION_9 } from '../../rules/evidence.ts'
import type { RulesRun } from '../../rules/model.ts'

export function safariDeepLinkCase(run: RulesRun): CaseResult {
  const builder = new CaseBuilder('rules.safari-deep-link', 'a Safari delivery is sent only with a deep link; without one it fails unsent', SECTION_9)
  for (const campaign of run.campaigns) {
    for (const message of campaign.messages) {
      const variant = campaign.plan.variants.find((candidate) => candidate.name === message.variantId)
      if (variant === undefined) continue
      const linked = variant.template.deepLink !== undefined && variant.template.deepLink !== ''
      for (const delivery of message.deliveries.filter((candidate) => candidate.channel === 'webpush-safari')) {
        const who = { campaignId: campaign.id, personId: message.personId, deliveryId: delivery.id, seq: delivery.attempts.map((attempt) => attempt.seq) }
        if (linked) builder.check()
        else if (delivery.attempts.length > 0) builder.check({ ...who, expected: 'not sent (no deep link)', actual: `${delivery.attempts.length} attempt(s)`, note: `${campaign.name} variant ${variant.name}: sent to Safari without a deep link` })
        else builder.check(delivery.state === 'failed' ? undefined : { ...who, expected: 'failed', actual: delivery.state, note: `${campaign.name} variant ${variant.name}: a Safari delivery without a deep link is ${delivery.state}, not failed` })
      }
    }
  }
  return builder.result()
}
