/**
 * rules.control-group (§9 "Control group", §8 mobile profile): control
 * persons receive nothing — no attempt of theirs reaches the wire — and
 * their share of the qualified persons (messages of persons neither
 * unsubscribed nor left out of a test send) is the campaign's, within the
 * binomial band of binomial.ts (SIGMAS standard deviations).
 */
import { CaseBuilder, type CaseResult } from '../../case.ts'
import { binomialBand, SIGMAS, withinBinomial } from '../../rules/binomial.ts'
import { messageEvidence, SECTION_9 } from '../../rules/evidence.ts'
import { attempted, type RuledCampaign, type RulesRun } from '../../rules/model.ts'

/** Messages of persons the campaign qualifies: the denominator of control and variant shares. */
export function qualifiedMessages(run: RulesRun, campaign: RuledCampaign) {
  return campaign.messages.filter((message) => {
    const person = run.person(message.personId)
    return person !== undefined && !person.unsubscribed && (!campaign.plan.test || person.test)
  })
}

export function controlGroupCase(run: RulesRun): CaseResult {
  const builder = new CaseBuilder('rules.control-group', `control persons receive nothing, and are the campaign’s share of the qualified (within ${SIGMAS} sigma)`, SECTION_9)
  const campaigns = run.campaigns.filter((campaign) => campaign.plan.controlGroup > 0)
  if (campaigns.length === 0) return builder.result('no campaign of the scenario has a control group')
  for (const campaign of campaigns) {
    const qualified = qualifiedMessages(run, campaign)
    const control = qualified.filter((message) => message.control)
    for (const message of control) builder.check(attempted(message) ? messageEvidence(campaign, message, 'nothing sent', 'sent', 'a control person was sent the campaign') : undefined)
    const share = campaign.plan.controlGroup
    const band = binomialBand(qualified.length, share)
    builder.check(
      withinBinomial(control.length, qualified.length, share)
        ? undefined
        : { campaignId: campaign.id, expected: `${Math.max(0, Math.ceil(band.low))}–${Math.floor(band.high)} of ${qualified.length} (share ${share})`, actual: control.length, note: `${campaign.name}: ${control.length} of ${qualified.length} qualified persons held out, share ${share}` },
    )
  }
  return builder.result()
}
