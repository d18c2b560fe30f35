/** §5: pending → attempting(k) → accepted | bounced | failed | suppressed | expired. */
export type DeliveryState = 'pending' | 'attempting' | 'accepted' | 'bounced' | 'failed' | 'suppressed' | 'expired'
export const FINAL_DELIVERY_STATES: ReadonlySet<DeliveryState> = new Set(['accepted', 'bounced', 'failed', 'suppressed', 'expired'])

/** §7 person-level status of a message. */
export type PersonStatus = 'Undeliverable' | 'Attempted' | 'Sent' | 'Bounced' | 'Failed' | 'Delivered' | 'Opened' | 'Converted'

/** §4 error classes and the dashboard codes of §3 (plus non-provider reasons). */
export type ErrorClass = 'transient' | 'credentials' | 'configuration' | 'bad-message' | 'dead-address'
export type Action = 'retry' | 'refresh-credential-and-retry' | 'fail' | 'bounce'

export type DeviceEventKind = 'delivered' | 'opened' | 'converted'

export interface Delivery {
  id: string
  messageId: string
  campaignId: string
  personId: string
  deviceId: string
  channel: import('./channel.ts').Channel
  variantId: string
  state: DeliveryState
  attempts: number
  /** Epoch ms before which the next attempt must not start (backoff, Retry-After, DND delay, local time). */
  notBefore: number
  /** Epoch ms after which no attempt is made (TTL). */
  expiresAt: number | null
  /** Reused by every attempt (APNs apns-id), so a retry is the same notification. */
  providerId: string
  /** Proves a device report (tracking endpoint). */
  trackingToken: string
  /** Dashboard code of the last failure, or of the suppression reason. */
  code: string | null
  errorClass: ErrorClass | null
  acceptedAt: number | null
}

export interface Message {
  id: string
  campaignId: string
  personId: string
  variantId: string | null
  /** In the control group: held out, counted for uplift. */
  control: boolean
  /** Rendered content (personalised), or null when personalisation failed. */
  rendered: import('./entities.ts').Content | null
  /** Why the message has no deliveries: no eligible device, missing template variable, frequency exceeded, … */
  failure: string | null
  createdAt: number
  /** The caller's key of a transactional send (several messages per person); absent for an audience message (one per person). */
  sendKey?: string
}
