import type { ApiVersion } from './endpoint-paths.ts'
import { encodeBase64Url } from './base64url.ts'
import type { Browser, SubscriptionInfo, SubscriptionState } from './types.ts'

/** The user agent's side of a subscription: what the browser would keep. */
export interface UserAgentKeys {
  /** 32-byte ECDH private scalar (never leaves the simulator except in exported state). */
  privateKey: Buffer
  /** 65-byte uncompressed point, published as `keys.p256dh`. */
  publicKey: Buffer
  /** 16-byte auth secret, published as `keys.auth`. */
  authSecret: Buffer
}

export interface SubscriptionRecord {
  readonly id: string
  readonly browser: Browser
  readonly version: ApiVersion
  state: SubscriptionState
  /** Canonical unpadded base64url, or null for an unrestricted (v1) subscription. */
  readonly applicationServerKey: string | null
  readonly endpoint: string
  readonly createdAt: number
  readonly keys: UserAgentKeys
}

/** A fresh public view, so callers can never mutate the registry through it. */
export function toInfo(record: SubscriptionRecord): SubscriptionInfo {
  return {
    id: record.id,
    browser: record.browser,
    state: record.state,
    applicationServerKey: record.applicationServerKey,
    subscription: {
      endpoint: record.endpoint,
      expirationTime: null,
      keys: { p256dh: encodeBase64Url(record.keys.publicKey), auth: encodeBase64Url(record.keys.authSecret) },
    },
    createdAt: record.createdAt,
  }
}
