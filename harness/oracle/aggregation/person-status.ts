/**
 * §7 person-level status of one message, from its deliveries' ground truth.
 * One rule serves both targetings: last-device has one delivery, all-devices
 * aggregates them. Readings: suppressed deliveries count as handled;
 * Bounced needs every final delivery bounced or suppressed (a mix with other
 * failures is Failed); all suppressed, none bounced, is Failed (§10);
 * Delivered and Opened imply Sent, so nothing outranks Attempted.
 */
import type { MessageFact } from './facts/model.ts'

export const PERSON_STATUSES = ['Undeliverable', 'Attempted', 'Sent', 'Bounced', 'Failed', 'Delivered', 'Opened', 'Converted'] as const
export type PersonStatus = (typeof PERSON_STATUSES)[number]

export function personStatusOf(message: MessageFact): PersonStatus {
  const { deliveries } = message
  if (deliveries.length === 0) return 'Undeliverable'
  if (deliveries.some((delivery) => delivery.outcome === 'open')) return 'Attempted'
  if (deliveries.some((delivery) => delivery.outcome === 'accepted')) {
    if (message.convertedAt !== null) return 'Converted'
    if (deliveries.some((delivery) => delivery.openedAt !== null)) return 'Opened'
    if (deliveries.some((delivery) => delivery.deliveredAt !== null)) return 'Delivered'
    return 'Sent'
  }
  const bounced = deliveries.some((delivery) => delivery.outcome === 'bounced')
  if (bounced && deliveries.every((delivery) => delivery.outcome === 'bounced' || delivery.outcome === 'suppressed')) return 'Bounced'
  return 'Failed'
}
