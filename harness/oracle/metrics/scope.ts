/**
 * The slice of a campaign a set of figures covers: the whole campaign, or
 * one A/B variant (its non-control messages). Shared helpers over it.
 */
import { isSafari, type DeliveryFact, type MessageFact } from '../aggregation/facts/model.ts'

// A campaign's figures, and each trend period, ask for the same scope's accepted deliveries: gathered once per scope (facts are never changed once built).
const accepted = new WeakMap<readonly MessageFact[], readonly DeliveryFact[]>()

export function acceptedOf(messages: readonly MessageFact[]): readonly DeliveryFact[] {
  let list = accepted.get(messages)
  if (list === undefined) {
    list = messages.flatMap((message) => message.deliveries.filter((delivery) => delivery.outcome === 'accepted'))
    accepted.set(messages, list)
  }
  return list
}

export const variantScope = (messages: readonly MessageFact[], variantId: string): MessageFact[] => messages.filter((message) => !message.control && message.variantId === variantId)

/**
 * Views (impressions) leave Safari out (§10): they are unknown there. A
 * scope whose accepted deliveries are all Safari has unknown views (null).
 */
export function viewsOf(accepted: readonly DeliveryFact[]): { views: number | null; viewed: DeliveryFact[]; knowable: DeliveryFact[] } {
  const knowable = accepted.filter((delivery) => !isSafari(delivery.channel))
  const viewed = knowable.filter((delivery) => delivery.deliveredAt !== null || delivery.openedAt !== null)
  return { views: knowable.length === 0 && accepted.length > 0 ? null : viewed.length, viewed, knowable }
}
