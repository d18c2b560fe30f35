/**
 * What a library adapter is: a few lines that build the library's client as
 * its documentation shows, with the providers' real hosts, and report each
 * send exactly as the library did. No retries, timeouts or policy of its own:
 * whatever the matrix measures must be the library's.
 */
import type { SendResult } from './protocol.ts'

export type Provider = 'apns' | 'fcm' | 'webpush'

/** A web push subscription as browsers hand it out. */
export interface PushSubscriptionJson {
  endpoint: string
  keys: { p256dh: string; auth: string }
}

/** One notification to one device: an APNs device token, an FCM registration token, or a web push subscription. */
export type Notification = { provider: 'apns'; token: string } | { provider: 'fcm'; token: string } | { provider: 'webpush'; subscription: PushSubscriptionJson }

/** Everything a library is configured with; the child reads it from its environment (GOOGLE_APPLICATION_CREDENTIALS comes from pushsim exec). */
export interface AdapterConfig {
  apns: { teamId: string; keyId: string; keyPath: string; topic: string }
  vapid: { publicKey: string; privateKey: string }
}

/** A library's client, configured once per child, sending one notification per call. */
export interface LibraryClient {
  send(notification: Notification): Promise<SendResult>
  close(): Promise<void>
}

/** An adapter module's default export. */
export type OpenClient = (config: AdapterConfig) => Promise<LibraryClient> | LibraryClient
