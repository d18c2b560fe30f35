/**
 * rules.cutoff (§9 "Cut-off time", §10): the cut-off as the scenario set it
 * (its campaign's start plus `cutoff`), not as the dispatcher reports it
 * (delivery.no-send-after-cutoff judges that one): no attempt starts after
 * it, retries included; and a delivery never attempted is final when the
 * run ends, not left pending.
 */
import { CaseBuilder, type CaseResult } from '../../case.ts'
import { iso, SECTION_9_10 } from '../../rules/evidence.ts'
import type { RulesRun } from '../../rules/model.ts'

const OPEN_STATES = new Set(['pending', 'attempting'])

export function cutoffCase(run: RulesRun): CaseResult {
  const builder = new CaseBuilder('rules.cutoff', 'no attempt after the campaign’s cut-off; what it stopped is final, not pending', SECTION_9_10)
  const campaigns = run.campaigns.filter((campaign) => campaign.plan.cutoffMs !== undefined)
  if (campaigns.length === 0) return builder.result('no campaign of the scenario has a cut-off')
  for (const campaign of campaigns) {
    const cutoffAt = campaign.startsAt + campaign.plan.cutoffMs!
    for (const message of campaign.messages) {
      for (const delivery of message.deliveries) {
        const who = { campaignId: campaign.id, personId: message.personId, deliveryId: delivery.id }
        const late = delivery.attempts.find((attempt) => attempt.start > cutoffAt + run.slackMs)
        if (late !== undefined) builder.check({ ...who, seq: [late.seq], expected: `no attempt after ${iso(cutoffAt)}`, actual: iso(late.start), note: `${campaign.name}: attempt ${late.seq} ${Math.round((late.start - cutoffAt) / 1000)} s after the cut-off` })
        else if (delivery.attempts.length === 0 && OPEN_STATES.has(delivery.state)) builder.check({ ...who, expected: 'a final state (suppressed by the cut-off)', actual: delivery.state, note: `${campaign.name}: never attempted, still ${delivery.state} after the cut-off ${iso(cutoffAt)}` })
        else builder.check()
      }
    }
  }
  return builder.result()
}
