import type { PersonStatus } from '../model/lifecycle.ts'
import { personStatusOf } from '../status/aggregate.ts'
import { factsOf, type Facts } from './facts.ts'
import type { MetricsDelivery, MetricsEvent, MetricsInput, MetricsMessage } from './input.ts'
import type { PersonStatusProfile } from './profiles.ts'
import { rate } from './rate.ts'

const STATUSES: readonly PersonStatus[] = ['Undeliverable', 'Attempted', 'Sent', 'Bounced', 'Failed', 'Delivered', 'Opened', 'Converted']

/** A failure of the payload itself (§8 "valid payload"): rendering failed, or the provider refused the message. */
const payloadFailed = (delivery: MetricsDelivery): boolean =>
  delivery.state === 'failed' && (delivery.errorClass === 'bad-message' || delivery.code === 'missing_template_variable')

function statusOf(facts: Facts, eventsOf: ReadonlyMap<string, MetricsEvent[]>, message: MetricsMessage, converted: ReadonlySet<string>): PersonStatus {
  const deliveries = facts.deliveriesOf.get(message.id) ?? []
  const events = deliveries.flatMap((delivery) => eventsOf.get(delivery.id) ?? [])
  return personStatusOf({ message, deliveries, events, converted: converted.has(message.id) })
}

function eventsByDelivery(events: readonly MetricsEvent[]): Map<string, MetricsEvent[]> {
  const byDelivery = new Map<string, MetricsEvent[]>()
  for (const event of events) {
    const list = byDelivery.get(event.deliveryId)
    if (list) list.push(event)
    else byDelivery.set(event.deliveryId, [event])
  }
  return byDelivery
}

/**
 * Person-status profile (push-semantics §8, the mobile vendor): messages per §7 status (control
 * group and skipped test sends left out); Sends = messages with a valid payload and at least one
 * device (bounced and suppressed ones included; valid unless every delivery failed on the payload);
 * recipients = sends − suppressed − bounced, where a suppressed message is one whose every delivery
 * was suppressed and that is not Bounced; error rate = Failed / all messages × 100.
 */
export function personStatusProfile(input: MetricsInput): PersonStatusProfile {
  const facts = factsOf(input)
  const converted = new Set(input.conversions.map((conversion) => conversion.messageId))
  const eventsOf = eventsByDelivery(input.events)
  const byStatus = Object.fromEntries(STATUSES.map((status) => [status, 0])) as Record<PersonStatus, number>
  let sends = 0
  let suppressedOrBounced = 0
  for (const message of facts.messages) {
    const status = statusOf(facts, eventsOf, message, converted)
    byStatus[status] += 1
    const deliveries = facts.deliveriesOf.get(message.id) ?? []
    if (deliveries.length === 0 || deliveries.every(payloadFailed)) continue
    sends += 1
    if (status === 'Bounced' || deliveries.every((delivery) => delivery.state === 'suppressed')) suppressedOrBounced += 1
  }
  return { byStatus, sends, recipients: sends - suppressedOrBounced, errorRate: rate(byStatus.Failed, facts.messages.length) }
}
