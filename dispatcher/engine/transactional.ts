import type { Campaign } from '../model/entities.ts'
import { createIds } from './ids.ts'
import { planMember, type AudienceMember, type PlanDeps } from './intake.ts'

export interface TransactionalSend {
  messageId: string
  /** Deliveries of the message (pending, or suppressed/expired/failed as the rules decided). */
  deliveries: number
  /** The key was seen before: this is the message it planned, and nothing new was planned. */
  duplicate: boolean
}

export type TransactionalResult = { ok: true; value: TransactionalSend } | { ok: false; code: 'CONFLICT'; message: string }

/**
 * One transactional message (architecture.md "The contract"): a person gets a new message under the
 * campaign's rules for every new `key`, unlike the audience stream (one per person per campaign).
 * Ids derive from (seed, campaign, key), so the same key plans nothing and answers the same message,
 * across restarts too; the frequency cap applies unless the campaign opts out, as for any message.
 */
export function sendTransactional(campaign: Campaign, key: string, member: AudienceMember, deps: PlanDeps): TransactionalResult {
  // JSON keeps ("a/b", "c") and ("a", "b/c") apart, and apart from the audience's `seed/campaign/person`.
  const idSeed = JSON.stringify(['send', deps.seed, campaign.id, key])
  const messageId = createIds(idSeed)('message')
  const known = deps.store.getMessage(messageId)
  if (known) {
    if (known.personId !== member.person.id) return { ok: false, code: 'CONFLICT', message: `Failed to send: key ${key} already names message ${messageId} for person ${known.personId}, not ${member.person.id}.` }
    return { ok: true, value: { messageId, deliveries: deps.store.deliveriesOfMessage(messageId).length, duplicate: true } }
  }
  const planned = deps.store.batch(() => planMember(campaign, member, deps, createIds(idSeed), key))
  if (!planned.inserted) return { ok: true, value: { messageId, deliveries: deps.store.deliveriesOfMessage(messageId).length, duplicate: true } }
  return { ok: true, value: { messageId, deliveries: planned.deliveries, duplicate: false } }
}
