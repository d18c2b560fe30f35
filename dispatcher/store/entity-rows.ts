import type { Content, DeviceAddress } from '../model/entities.ts'
import type { Delivery, DeliveryState, ErrorClass, Message } from '../model/lifecycle.ts'
import type { AttemptRecord } from './store.ts'
import { bit, flag, int, intOrNull, json, orNull, text, textOrNull, type Row } from './columns.ts'

/** Row ↔ entity mapping for messages, deliveries and attempts, shared by the repositories that read them. */

export function messageValues(message: Message) {
  return {
    id: message.id, campaignId: message.campaignId, personId: message.personId, variantId: orNull(message.variantId),
    control: bit(message.control), rendered: message.rendered === null ? null : JSON.stringify(message.rendered),
    failure: orNull(message.failure), createdAt: message.createdAt, sendKey: message.sendKey ?? null,
  }
}

export function deliveryValues(delivery: Delivery) {
  return {
    id: delivery.id, messageId: delivery.messageId, campaignId: delivery.campaignId, personId: delivery.personId,
    deviceId: delivery.deviceId, channel: delivery.channel, variantId: delivery.variantId, state: delivery.state,
    attempts: delivery.attempts, notBefore: delivery.notBefore, expiresAt: orNull(delivery.expiresAt),
    providerId: delivery.providerId, trackingToken: delivery.trackingToken, code: orNull(delivery.code),
    errorClass: orNull(delivery.errorClass), acceptedAt: orNull(delivery.acceptedAt),
  }
}

/** Reads a message from columns named with `prefix` (claimDue joins messages as `m_*`). */
export function toMessage(row: Row, prefix = ''): Message {
  const sendKey = textOrNull(row, `${prefix}send_key`)
  return {
    id: text(row, `${prefix}id`),
    campaignId: text(row, `${prefix}campaign_id`),
    personId: text(row, `${prefix}person_id`),
    variantId: textOrNull(row, `${prefix}variant_id`),
    control: flag(row, `${prefix}control`),
    rendered: json<Content | null>(row, `${prefix}rendered`, null),
    failure: textOrNull(row, `${prefix}failure`),
    createdAt: int(row, `${prefix}created_at`),
    ...(sendKey === null ? {} : { sendKey }),
  }
}

export function toDelivery(row: Row): Delivery {
  return {
    id: text(row, 'id'),
    messageId: text(row, 'message_id'),
    campaignId: text(row, 'campaign_id'),
    personId: text(row, 'person_id'),
    deviceId: text(row, 'device_id'),
    channel: text(row, 'channel') as Delivery['channel'],
    variantId: text(row, 'variant_id'),
    state: text(row, 'state') as DeliveryState,
    attempts: int(row, 'attempts'),
    notBefore: int(row, 'not_before'),
    expiresAt: intOrNull(row, 'expires_at'),
    providerId: text(row, 'provider_id'),
    trackingToken: text(row, 'tracking_token'),
    code: textOrNull(row, 'code'),
    errorClass: textOrNull(row, 'error_class') as ErrorClass | null,
    acceptedAt: intOrNull(row, 'accepted_at'),
  }
}

export function toAddress(row: Row, column: string): DeviceAddress {
  return json<DeviceAddress>(row, column, { kind: 'token', token: '' })
}

export function toAttempt(row: Row): AttemptRecord {
  return {
    deliveryId: text(row, 'delivery_id'),
    number: int(row, 'number'),
    startedAt: int(row, 'started_at'),
    finishedAt: intOrNull(row, 'finished_at'),
    status: intOrNull(row, 'status'),
    code: text(row, 'code'),
    errorClass: textOrNull(row, 'error_class') as ErrorClass | null,
    retryAfterMs: intOrNull(row, 'retry_after_ms'),
  }
}
