import type { Channel } from '../model/channel.ts'
import type { Content, DeviceAddress } from '../model/entities.ts'

/** One attempt's request, provider-neutral; each sender maps it to its wire form. */
export interface PushRequest {
  deliveryId: string
  channel: Channel
  address: DeviceAddress
  content: Content
  /** APNs apns-id: the same for every attempt of a delivery. */
  providerId: string
  /** Seconds the provider may keep it (APNs apns-expiration, FCM android.ttl / webpush TTL, Web Push TTL). */
  ttlSeconds: number
  /** APNs topic (bundle id) for apns; Web Push Topic header when set. */
  topic?: string
  urgency?: 'very-low' | 'low' | 'normal' | 'high'
  /**
   * The tracking object every push carries (architecture.md "The tracking
   * payload"), so the device can report on it: the delivery's id and the
   * token that proves the report. The same on every attempt.
   */
  tracking: Tracking
}

export interface Tracking {
  id: string
  token: string
}

/** The key the tracking object goes under: APNs and Web Push payloads, and FCM data as `pushsim.id` / `pushsim.token`. */
export const TRACKING_KEY = 'pushsim'

/** What came back: a provider answer, or a transport failure classified by kind (never thrown). */
export type ProviderResult =
  | { kind: 'response'; status: number; headers: Record<string, string>; body: string }
  | { kind: 'transport-error'; error: 'connect-timeout' | 'read-timeout' | 'reset' | 'refused-stream' | 'goaway' | 'connection'; message: string }

export interface Sender {
  readonly channels: readonly Channel[]
  /** Sends once, honouring the channel's connect and read timeouts; never throws. */
  send(request: PushRequest): Promise<ProviderResult>
  /** Drops the cached credential (APNs provider token, FCM access token) so the next send makes a fresh one. */
  refreshCredential(): void
  close(): Promise<void>
}
