import type { Delivery, DeviceEventKind, Message } from '../model/lifecycle.ts'

export type MetricsMessage = Pick<Message, 'id' | 'personId' | 'variantId' | 'control' | 'failure'>

/** A delivery with its device's OS and model (from `Device.os` / `Device.model`) for the impression split. */
export type MetricsDelivery = Pick<Delivery, 'id' | 'messageId' | 'personId' | 'variantId' | 'state' | 'code' | 'errorClass' | 'acceptedAt'> & {
  os?: string
  model?: string
  /** Safari's views are unknown (§10): its clicks stay out of CTR. */
  channel?: string
}

/** A device report (`Store.eventsOf`); at-least-once, so the same report may appear twice. */
export interface MetricsEvent {
  deliveryId: string
  kind: DeviceEventKind
  at: number
}

/** A conversion given to the message nearest before it (`Store.conversionsOf`). */
export interface MetricsConversion {
  personId: string
  messageId: string
  at: number
}

/**
 * What every profile is computed from: plain arrays of one campaign (or one variant of it), as the
 * store lists them (push-semantics §8). Control-group messages are included (they have no
 * deliveries); reports and conversions of deliveries or messages not in the arrays are ignored.
 */
export interface MetricsInput {
  messages: readonly MetricsMessage[]
  deliveries: readonly MetricsDelivery[]
  events: readonly MetricsEvent[]
  conversions: readonly MetricsConversion[]
}
