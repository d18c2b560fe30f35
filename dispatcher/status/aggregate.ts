import { FINAL_DELIVERY_STATES, type DeviceEventKind, type PersonStatus } from '../model/lifecycle.ts'
import { MESSAGE_FAILURE } from '../rules/plan-codes.ts'
import type { PersonStatusInput, PersonStatusOf } from './person-status.ts'

/**
 * Message failures that leave the person Undeliverable rather than Failed: no eligible device, and
 * (interpretation) a test send's non-test person, which the planner calls "not a send, not an error".
 */
export const UNDELIVERABLE_FAILURES: ReadonlySet<string> = new Set([MESSAGE_FAILURE.noDevice, MESSAGE_FAILURE.notATestProfile])

type StatusDelivery = PersonStatusInput['deliveries'][number]

/**
 * Among deliveries that all bounced or were suppressed, one counts as bounced only when its token
 * bounced in this message: §10 "a message whose every delivery was suppressed, none bounced, has
 * the status Failed" — a device suppressed for bouncing in earlier messages included (the oracle
 * found the reference dispatcher calling those Bounced).
 */
const bounced = (delivery: StatusDelivery): boolean => delivery.state === 'bounced'

/**
 * Person-level status of one message, push-semantics §7 with its interpretations. Last-device
 * targeting has one delivery, so the status is that delivery's; all-devices aggregates:
 * 1. Converted: the message got the person's conversion (or a device reported one).
 * 2. Opened: any device reported opened (an "any device" status, so it does not wait for the
 *    other deliveries to finish).
 * 3. No delivery: Undeliverable when the person had no eligible device; Failed when the message
 *    failed for another reason (missing template variable, frequency exceeded, …).
 * 4. Attempted: a delivery is not final yet.
 * 5. Delivered: all final and a device reported delivered (the report implies the send).
 * 6. Sent: all final and one accepted (suppressed deliveries count as handled).
 * 7. Bounced: none accepted, every delivery bounced or suppressed, at least one bounced.
 * 8. Failed: otherwise (mixed bounces and failures, expiries, all suppressed, …).
 * Reports count only for this message's deliveries.
 */
export const personStatusOf: PersonStatusOf = ({ message, deliveries, events, converted }): PersonStatus => {
  const ids = new Set(deliveries.map((delivery) => delivery.id))
  const reported = (kind: DeviceEventKind): boolean => events.some((event) => event.kind === kind && ids.has(event.deliveryId))
  if (converted || reported('converted')) return 'Converted'
  if (reported('opened')) return 'Opened'
  if (deliveries.length === 0) return message.failure === null || UNDELIVERABLE_FAILURES.has(message.failure) ? 'Undeliverable' : 'Failed'
  if (deliveries.some((delivery) => !FINAL_DELIVERY_STATES.has(delivery.state))) return 'Attempted'
  if (reported('delivered')) return 'Delivered'
  if (deliveries.some((delivery) => delivery.state === 'accepted')) return 'Sent'
  const onlyBouncesAndSuppressions = deliveries.every((delivery) => delivery.state === 'bounced' || delivery.state === 'suppressed')
  return onlyBouncesAndSuppressions && deliveries.some(bounced) ? 'Bounced' : 'Failed'
}
