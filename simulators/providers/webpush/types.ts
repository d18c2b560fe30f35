import type { Clock } from '../../kernel/clock.ts'
import type { DecryptRef, ProviderCore } from '../../kernel/exchange.ts'
import type { Result } from '../../kernel/errors.ts'
import type { Rng } from '../../kernel/rng.ts'

export type Browser = 'chrome' | 'firefox' | 'kaios' | 'safari'

export const BROWSERS: readonly Browser[] = ['chrome', 'firefox', 'kaios', 'safari']

export interface WebPushOptions {
  clock: Clock
  rng: Rng
}

export interface SubscribeInput {
  browser: Browser
  /** scheme://host[:port] of the push service the endpoint should point at, e.g. 'http://127.0.0.1:7775' or, in-process, 'https://fcm.googleapis.com'. */
  origin: string
  /** The application server (VAPID) public key, base64url 65-byte uncompressed P-256 point, as given to PushManager.subscribe. */
  applicationServerKey?: string
  /** A fixed subscription id (1 to 400 base64url characters); drawn from the seed when absent. */
  id?: string
  /** The user agent's keys, to replay known vectors such as RFC 8291 Appendix A; drawn from the seed when absent. */
  keys?: SubscriptionKeysInput
}

/** All base64url: `privateKey` the 32-byte ECDH scalar, `auth` 16 bytes, `p256dh` (optional, checked against `privateKey`) the 65-byte point. */
export interface SubscriptionKeysInput {
  p256dh?: string
  auth: string
  privateKey: string
}

export interface PushSubscriptionJSON {
  endpoint: string
  expirationTime: null
  keys: { p256dh: string; auth: string }
}

export type SubscriptionState = 'active' | 'unsubscribed' | 'expired'

export interface SubscriptionInfo {
  id: string
  browser: Browser
  state: SubscriptionState
  applicationServerKey: string | null
  subscription: PushSubscriptionJSON
  createdAt: number
}

export interface WebPushCore extends ProviderCore {
  readonly name: 'webpush'
  subscribe(input: SubscribeInput): Result<SubscriptionInfo>
  /** The browser unsubscribed (or the subscription expired): later pushes get the flavour's 410. */
  unsubscribe(id: string, state?: 'unsubscribed' | 'expired'): Result<SubscriptionInfo>
  removeSubscription(id: string): Result<void>
  getSubscription(id: string): SubscriptionInfo | undefined
  listSubscriptions(): SubscriptionInfo[]
  /** Decrypts a recorded push body with the subscription's keys (off the hot path: the ledger calls this lazily). */
  decrypt(ref: DecryptRef, body: Buffer): Result<Buffer>
  /**
   * Serializable form of all subscriptions incl. private keys, and its inverse, so the state directory can persist them across restarts.
   * An imported state continues the run that exported it: later ids and keys come from fresh seeded streams, never repeating that run's.
   */
  exportState(): unknown
  importState(state: unknown): Result<number>
}
