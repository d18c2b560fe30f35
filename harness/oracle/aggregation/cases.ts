/**
 * `aggregation.person-status.<targeting>`: each message's §7 status
 * recomputed from its deliveries' ground truth, against the status the
 * dispatcher reports for it. (`aggregation.device-last-status` judges the
 * dispatcher's devices, not its campaigns: device-last-status.ts.)
 */
import { CaseBuilder, type CaseResult } from '../case.ts'
import { DEFAULT_INTERPRETATIONS, type Interpretations } from '../interpretations.ts'
import type { CampaignRecord, MessageFact, Targeting } from './facts/model.ts'
import { statusReader } from './person-status.ts'
import type { CampaignJudge } from './campaign-judge.ts'

const TARGETINGS: readonly Targeting[] = ['last-device', 'all-devices']

export function aggregationCases(campaigns: readonly CampaignRecord[], interpretations: Interpretations = DEFAULT_INTERPRETATIONS): CaseResult[] {
  const judge = aggregationJudge(interpretations)
  for (const campaign of campaigns) judge.add(campaign)
  return judge.results()
}

/** The same cases, fed one campaign at a time (so that only one campaign's facts need be held). */
export function aggregationJudge(interpretations: Interpretations = DEFAULT_INTERPRETATIONS): CampaignJudge {
  const statusOf = statusReader(interpretations)
  const statusCases = TARGETINGS.map((targeting) => ({ targeting, targeted: 0, builder: new CaseBuilder(`aggregation.person-status.${targeting}`, `person-level status (${targeting}) recomputed from each delivery's ground truth`, { document: 'push-semantics.md', section: '§7, §10' }) }))
  return {
    add({ facts, claims }) {
      const statusCase = statusCases.find((candidate) => candidate.targeting === facts.targeting)
      if (statusCase === undefined) return
      statusCase.targeted++
      const reported = new Map(claims.statuses.map((claim) => [claim.messageId, claim.status]))
      for (const message of facts.messages) {
        const expected = statusOf(message)
        const actual = reported.get(message.messageId)
        statusCase.builder.check(actual === expected ? undefined : evidence(facts.campaignId, message, expected, actual))
      }
    },
    results() {
      return statusCases.map(({ targeting, targeted, builder }) => builder.result(targeted === 0 ? `no campaign in this run targets ${targeting}` : undefined))
    },
  }
}

function evidence(campaignId: string, message: MessageFact, expected: string, actual: string | undefined) {
  const outcomes = message.deliveries.map((delivery) => `${delivery.channel} ${delivery.outcome}${delivery.deliveredAt !== null ? '+delivered' : ''}${delivery.openedAt !== null ? '+opened' : ''}`)
  return {
    campaignId,
    personId: message.personId,
    ...(message.deliveries.length === 1 ? { deliveryId: message.deliveries[0]!.id } : {}),
    seq: message.deliveries.flatMap((delivery) => delivery.seqs),
    expected,
    actual: actual ?? null,
    note: `message ${message.messageId} of ${message.personId}: reported ${actual ?? 'nothing'}, ground truth ${expected} (deliveries: ${outcomes.join(', ') || 'none'}${message.convertedAt !== null ? '; converted' : ''})`,
  }
}
