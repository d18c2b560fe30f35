import type { DeviceEventKind } from '../model/lifecycle.ts'
import { MESSAGE_FAILURE } from '../rules/plan-codes.ts'
import type { MetricsDelivery, MetricsInput, MetricsMessage } from './input.ts'

/** What the profiles share, computed once. */
export interface Facts {
  /** Messages that count: neither held out (control) nor a test send skipped for a non-test person. */
  messages: MetricsMessage[]
  control: MetricsMessage[]
  /** Accepted by the provider: "sent" (§5). */
  sent: MetricsDelivery[]
  /** First report per delivery and kind (deliveryId → at): one view, one click per delivery (§8). */
  firstReport: Record<DeviceEventKind, Map<string, number>>
  deliveriesOf: Map<string, MetricsDelivery[]>
  deliveryById: Map<string, MetricsDelivery>
}

/** (interpretation) The planner's "not a send, not an error": left out of every figure. */
const notASend = (message: MetricsMessage): boolean => message.failure === MESSAGE_FAILURE.notATestProfile

export function factsOf(input: MetricsInput): Facts {
  const deliveryById = new Map(input.deliveries.map((delivery) => [delivery.id, delivery]))
  const deliveriesOf = new Map<string, MetricsDelivery[]>()
  for (const delivery of input.deliveries) {
    const list = deliveriesOf.get(delivery.messageId)
    if (list) list.push(delivery)
    else deliveriesOf.set(delivery.messageId, [delivery])
  }
  const firstReport: Facts['firstReport'] = { delivered: new Map(), opened: new Map(), converted: new Map() }
  for (const event of input.events) {
    if (!deliveryById.has(event.deliveryId)) continue
    const seen = firstReport[event.kind]
    const earlier = seen.get(event.deliveryId)
    if (earlier === undefined || event.at < earlier) seen.set(event.deliveryId, event.at)
  }
  // §10: an open implies a view (a tap needs a shown notification), at the open's time; Safari's views stay unknown.
  for (const [deliveryId, at] of firstReport.opened) {
    if (deliveryById.get(deliveryId)?.channel === 'webpush-safari') continue
    const viewed = firstReport.delivered.get(deliveryId)
    if (viewed === undefined || at < viewed) firstReport.delivered.set(deliveryId, at)
  }
  return {
    messages: input.messages.filter((message) => !message.control && !notASend(message)),
    control: input.messages.filter((message) => message.control),
    sent: input.deliveries.filter((delivery) => delivery.state === 'accepted'),
    firstReport,
    deliveriesOf,
    deliveryById,
  }
}

export const distinctCount = (values: Iterable<string>): number => new Set(values).size

/** Clicks on deliveries whose views are known: CTR leaves Safari out of both sides (push-semantics §10). */
export const clicksWithKnownViews = (facts: Facts): number => [...facts.firstReport.opened.keys()].filter((id) => facts.deliveryById.get(id)?.channel !== 'webpush-safari').length

/** §10: Views (Impressions) are unknown — null, not 0 — when every sent delivery is Safari's, which never reports views. */
export const viewsOf = (facts: Facts): number | null =>
  facts.sent.length > 0 && facts.sent.every((delivery) => delivery.channel === 'webpush-safari') ? null : facts.firstReport.delivered.size
