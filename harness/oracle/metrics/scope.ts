/**
 * The slice of a campaign a set of figures covers: the whole campaign, or
 * one A/B variant (its non-control messages). Shared helpers over it.
 */
import { isSafari, type DeliveryFact, type MessageFact } from '../aggregation/facts/model.ts'

export const acceptedOf = (messages: readonly MessageFact[]): DeliveryFact[] => messages.flatMap((message) => message.deliveries.filter((delivery) => delivery.outcome === 'accepted'))

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
