import type { Channel, ChannelPolicy } from '../model/channel.ts'

/** Token auth for APNs (protocols §1.6): the .p8 key of a team, and the app's bundle id. */
export interface ApnsSenderConfig {
  /** https://api.push.apple.com, https://api.sandbox.push.apple.com or a simulator. */
  url: string
  keyId: string
  teamId: string
  /** PKCS#8 PEM (the content of the .p8 file). */
  key: string
  /** apns-topic when the request names none. */
  topic: string
  /** HTTP/2 connections in the pool (default 2; Apple recommends spreading over several, §1.8). */
  connections?: number
  /** Age at which the provider token is re-minted, clamped to 20–60 min (§1.6); default 50 min. */
  tokenMaxAgeMs?: number
}

/** The Google service-account JSON file, as downloaded (protocols §2.1). */
export interface ServiceAccount {
  client_email: string
  private_key: string
  private_key_id?: string
  project_id: string
  token_uri: string
}

export interface FcmSenderConfig {
  /** https://fcm.googleapis.com or a simulator. */
  url: string
  serviceAccount: ServiceAccount
}

export interface WebPushSenderConfig {
  /** The application server's VAPID key pair (base64url) and contact (mailto: or https:), RFC 8292. */
  vapid: { subject: string; publicKey: string; privateKey: string }
}

export interface SendersConfig {
  apns?: ApnsSenderConfig
  fcm?: FcmSenderConfig
  webpush?: WebPushSenderConfig
  /** An extra trusted CA (PEM), added to the system roots: the simulators' CA in tests. */
  ca?: string
  /** Connect and read timeouts per channel (push-semantics §2), in virtual ms. */
  policy: Record<Channel, ChannelPolicy>
  /** The run clock's now (virtual epoch ms): token iat, lifetimes and refreshes. The wall clock by default. */
  clock?: () => number
  /** Wall ms of a virtual duration at the clock's scale of the moment, for timeout timers. Identity by default. */
  wallMsFor?: (virtualMs: number) => number
  /**
   * A refresh asked for within this long of a credential that an earlier refresh made is ignored:
   * it comes from answers to requests that carried the previous credential (interpretation). Default 5 s.
   */
  refreshCooldownMs?: number
}

const MINUTE_MS = 60_000
export const APNS_TOKEN_MIN_AGE_MS = 20 * MINUTE_MS
export const APNS_TOKEN_MAX_AGE_MS = 60 * MINUTE_MS
export const DEFAULT_APNS_TOKEN_AGE_MS = 50 * MINUTE_MS
export const DEFAULT_APNS_CONNECTIONS = 2
export const DEFAULT_REFRESH_COOLDOWN_MS = 5_000

/** §1.6: younger than 20 min risks TooManyProviderTokenUpdates, older than 60 min is ExpiredProviderToken. */
export function apnsTokenAgeMs(config: ApnsSenderConfig): number {
  const wanted = config.tokenMaxAgeMs ?? DEFAULT_APNS_TOKEN_AGE_MS
  return Math.min(APNS_TOKEN_MAX_AGE_MS, Math.max(APNS_TOKEN_MIN_AGE_MS, wanted))
}

/** For senders used alone, without a run clock (token commands, sender tests): virtual time is wall time. */
export const wallClock = (): number => Date.now()

/** The `wallMsFor` option of createHttpAgent, when the config has one. */
export const wallOf = (config: SendersConfig): { wallMsFor?: (virtualMs: number) => number } => (config.wallMsFor ? { wallMsFor: config.wallMsFor } : {})
