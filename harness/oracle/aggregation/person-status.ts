/**
 * §7 person-level status of one message, from its deliveries' ground truth.
 * One rule serves both targetings: last-device has one delivery, all-devices
 * aggregates them. Readings: suppressed deliveries count as handled;
 * Bounced needs every final delivery bounced or suppressed (a mix with other
 * failures is Failed); all suppressed, none bounced, is Failed (§10);
 * Delivered and Opened imply Sent, so nothing outranks Attempted. The two
 * readings §7 and §10 mark as interpretations follow the run's settings.
 */
import { DEFAULT_INTERPRETATIONS, type Interpretations } from '../interpretations.ts'
import type { MessageFact } from './facts/model.ts'

export const PERSON_STATUSES = ['Undeliverable', 'Attempted', 'Sent', 'Bounced', 'Failed', 'Delivered', 'Opened', 'Converted'] as const
export type PersonStatus = (typeof PERSON_STATUSES)[number]

/** The failure code of a message whose template lacks a value (the mobile vendor's "a template variable is missing", §3). */
const MISSING_TEMPLATE_VARIABLE = 'missing_template_variable'

export type StatusReadings = Pick<Interpretations, 'bounced-mixed' | 'all-suppressed'>

/** The status of a message under the given readings of §7 and §10. */
export function statusReader(readings: StatusReadings): (message: MessageFact) => PersonStatus {
  return (message) => {
    const { deliveries } = message
    // §7: Undeliverable is for a person with no eligible device; a message that failed before any delivery (a missing template variable, §7's own example) is Failed.
    if (deliveries.length === 0) return message.failure === MISSING_TEMPLATE_VARIABLE ? 'Failed' : 'Undeliverable'
    if (deliveries.some((delivery) => delivery.outcome === 'open')) return 'Attempted'
    if (deliveries.some((delivery) => delivery.outcome === 'accepted')) {
      if (message.convertedAt !== null) return 'Converted'
      if (deliveries.some((delivery) => delivery.openedAt !== null)) return 'Opened'
      if (deliveries.some((delivery) => delivery.deliveredAt !== null)) return 'Delivered'
      return 'Sent'
    }
    const bounced = deliveries.some((delivery) => delivery.outcome === 'bounced')
    const bouncedOrSuppressed = deliveries.every((delivery) => delivery.outcome === 'bounced' || delivery.outcome === 'suppressed')
    if (bounced && (bouncedOrSuppressed || readings['bounced-mixed'] === 'bounced')) return 'Bounced'
    if (!bounced && readings['all-suppressed'] === 'bounced' && deliveries.every((delivery) => delivery.outcome === 'suppressed')) return 'Bounced'
    return 'Failed'
  }
}

/** The status of a message under the law's default readings. */
export const personStatusOf: (message: MessageFact) => PersonStatus = statusReader(DEFAULT_INTERPRETATIONS)
