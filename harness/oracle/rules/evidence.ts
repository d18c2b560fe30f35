/** Evidence of a rule case about one message: its campaign, person, deliveries and the ledger seqs of their attempts. */
import type { Evidence } from '../case.ts'
import { seqsOf, type RuledCampaign, type RuledMessage } from './model.ts'

/** Where the message belongs: a campaign, or a transactional send (named by its message and key). */
export type MessageSource = Pick<RuledCampaign, 'id' | 'name'>

export function messageEvidence(campaign: MessageSource, message: RuledMessage, expected: unknown, actual: unknown, note: string): Evidence {
  return {
    campaignId: campaign.id,
    personId: message.personId,
    ...(message.deliveries.length === 1 ? { deliveryId: message.deliveries[0]!.id } : {}),
    seq: seqsOf(message),
    expected,
    actual,
    note: `${campaign.name}, ${message.personId}: ${note}`,
  }
}

export const iso = (ms: number): string => new Date(ms).toISOString()

export const SECTION_9 = { document: 'push-semantics.md', section: '§9' }
export const SECTION_9_10 = { document: 'push-semantics.md', section: '§9, §10' }
