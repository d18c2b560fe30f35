/**
 * rules.variant-shares (§9 "A/B variants"): the treated persons (qualified,
 * not control) split over the variants by their shares, each count within
 * the binomial band of binomial.ts; every treated message names one of the
 * campaign's variants.
 */
import { CaseBuilder, type CaseResult } from '../../case.ts'
import { binomialBand, SIGMAS, withinBinomial } from '../../rules/binomial.ts'
import { messageEvidence, SECTION_9 } from '../../rules/evidence.ts'
import type { RulesRun } from '../../rules/model.ts'
import { qualifiedMessages } from './control-group.ts'

export function variantSharesCase(run: RulesRun): CaseResult {
  const builder = new CaseBuilder('rules.variant-shares', `the audience splits over the A/B variants by their shares (within ${SIGMAS} sigma)`, SECTION_9)
  const campaigns = run.campaigns.filter((campaign) => campaign.plan.variants.length > 1)
  if (campaigns.length === 0) return builder.result('no campaign of the scenario has A/B variants')
  for (const campaign of campaigns) {
    const treated = qualifiedMessages(run, campaign).filter((message) => !message.control)
    const names = new Set(campaign.plan.variants.map((variant) => variant.name))
    for (const message of treated) builder.check(message.variantId !== null && names.has(message.variantId) ? undefined : messageEvidence(campaign, message, [...names].join(' | '), message.variantId, `treated message with variant ${message.variantId ?? 'none'}`))
    for (const variant of campaign.plan.variants) {
      const count = treated.filter((message) => message.variantId === variant.name).length
      const band = binomialBand(treated.length, variant.share)
      builder.check(
        withinBinomial(count, treated.length, variant.share)
          ? undefined
          : { campaignId: campaign.id, expected: `${Math.max(0, Math.ceil(band.low))}–${Math.floor(band.high)} of ${treated.length} (share ${variant.share})`, actual: count, note: `${campaign.name}: variant ${variant.name} got ${count} of ${treated.length} treated persons, share ${variant.share}` },
      )
    }
  }
  return builder.result()
}
