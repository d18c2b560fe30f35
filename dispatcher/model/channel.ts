/** The provider routes of push-semantics.md §1. */
export type Channel = 'apns' | 'fcm' | 'webpush-chrome' | 'webpush-firefox' | 'webpush-kaios' | 'webpush-safari'
export type Platform = 'ios' | 'android' | 'web'

export const CHANNELS: readonly Channel[] = ['apns', 'fcm', 'webpush-chrome', 'webpush-firefox', 'webpush-kaios', 'webpush-safari']

/** Per-channel timeouts and retry limit (push-semantics.md §2); every value is a setting. */
export interface ChannelPolicy {
  connectTimeoutMs: number
  readTimeoutMs: number
  /** At most this many retries after the first attempt: attempts ≤ 1 + retryLimit. */
  retryLimit: number
}

export const DEFAULT_CHANNEL_POLICY: Readonly<Record<Channel, ChannelPolicy>> = {
  'webpush-chrome': { connectTimeoutMs: 10_000, readTimeoutMs: 10_000, retryLimit: 6 },
  'webpush-firefox': { connectTimeoutMs: 10_000, readTimeoutMs: 10_000, retryLimit: 3 },
  'webpush-kaios': { connectTimeoutMs: 10_000, readTimeoutMs: 10_000, retryLimit: 3 },
  'webpush-safari': { connectTimeoutMs: 10_000, readTimeoutMs: 30_000, retryLimit: 3 },
  apns: { connectTimeoutMs: 10_000, readTimeoutMs: 30_000, retryLimit: 10 },
  fcm: { connectTimeoutMs: 10_000, readTimeoutMs: 30_000, retryLimit: 10 },
}
