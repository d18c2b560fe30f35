/**
 * Errors by code (§3, §8): one per bounced or failed delivery under its
 * dashboard code, and per expired one under its last attempt's code
 * (`expired` when never attempted) unless the run reads `expired-errors`
 * as not-counted; "frequency exceeded" once per stopped message, not per
 * device (§10); a message that failed before any delivery, or whose every
 * delivery was suppressed for its failure (an unsubscribed person, §10), once
 * under its reason. Non-provider failures are the non-technical kind.
 */
import { CATALOGUE, findEntry } from '../../../simulators/catalogue/index.ts'
import type { DeliveryFact, MessageFact } from '../aggregation/facts/model.ts'
import { DEFAULT_INTERPRETATIONS, type Interpretations } from '../interpretations.ts'

const NON_PROVIDER = new Set(CATALOGUE.filter((entry) => entry.kind === 'non-provider').map((entry) => entry.name))
const FREQUENCY = 'frequency_exceeded'
const EXPIRED = 'expired'

/** One name per catalogue entry: a dashboard code may be spelt by its alias (`DeviceTokenInactiveForTopic` is `safari_device_token_inactive_for_topic`). */
export const canonicalCode = (code: string): string => findEntry(code)?.name ?? code

/** A reported `{code: count}` under canonical names. */
export function canonicalCounts(counts: unknown): unknown {
  if (typeof counts !== 'object' || counts === null) return counts
  const canonical: Record<string, unknown> = {}
  for (const [code, count] of Object.entries(counts)) canonical[canonicalCode(code)] = typeof count === 'number' ? ((canonical[canonicalCode(code)] as number | undefined) ?? 0) + count : count
  return canonical
}

export function errorsByCode(messages: readonly MessageFact[], expired: Interpretations['expired-errors'] = DEFAULT_INTERPRETATIONS['expired-errors']): Record<string, number> {
  const byCode: Record<string, number> = {}
  const add = (code: string) => (byCode[canonicalCode(code)] = (byCode[canonicalCode(code)] ?? 0) + 1)
  for (const message of messages) {
    for (const delivery of message.deliveries) {
      const code = deliveryErrorCode(delivery, expired)
      if (code !== undefined) add(code)
    }
    if (message.deliveries.some((delivery) => delivery.outcome === 'suppressed' && delivery.code === FREQUENCY)) add(FREQUENCY)
    // A message that failed before any delivery (a template variable missing, the person unknown) is one
    // non-technical error under its reason (§3); a person without a device is Undeliverable, not an error (§7).
    // So is an unsubscribed person's message, whose deliveries are all suppressed under that reason (§10).
    if (message.failure !== null && message.failure !== FREQUENCY && NON_PROVIDER.has(canonicalCode(message.failure)) && message.deliveries.every((delivery) => delivery.outcome === 'suppressed' && delivery.code === message.failure)) add(message.failure)
  }
  return byCode
}

/**
 * The code a delivery counts under among the Errors, or undefined when it is none. An expired
 * delivery's is its last attempt's as the wire gave it; never attempted, only the expiry explains it.
 */
export function deliveryErrorCode(delivery: DeliveryFact, expired: Interpretations['expired-errors'] = DEFAULT_INTERPRETATIONS['expired-errors']): string | undefined {
  if (delivery.outcome === 'bounced' || delivery.outcome === 'failed') return delivery.code ?? 'unknown'
  if (delivery.outcome !== 'expired' || expired !== 'counted') return undefined
  return delivery.seqs.length === 0 ? EXPIRED : (delivery.code ?? EXPIRED)
}

export function errorKinds(byCode: Readonly<Record<string, number>>): { technical: number; nonTechnical: number } {
  let technical = 0
  let nonTechnical = 0
  for (const [code, count] of Object.entries(byCode)) {
    if (NON_PROVIDER.has(code)) nonTechnical += count
    else technical += count
  }
  return { technical, nonTechnical }
}
