import type { Clock } from '../../kernel/clock.ts'
import type { Result } from '../../kernel/errors.ts'
import type { Outcome, ProviderCore, SimRequest } from '../../kernel/exchange.ts'
import type { Rng } from '../../kernel/rng.ts'

export type ApnsEnvironment = 'sandbox' | 'production'

export type EnvironmentKeyReason = 'BadEnvironmentKeyInToken' | 'BadEnvironmentKeyIdInToken'

export interface ApnsOptions {
  clock: Clock
  rng: Rng
  /** Default 'sandbox'; used when :authority names neither Apple host. */
  defaultEnvironment?: ApnsEnvironment
  /** Default 1000, granted after the first valid token on a connection (§1.8). */
  maxConcurrentStreams?: number
  /** Default the observed wire spelling `BadEnvironmentKeyInToken` (§1.6, §5.1). */
  environmentKeyReason?: EnvironmentKeyReason
  /** Per device token → 429 TooManyRequests; default off. */
  tokenRateLimit?: { limit: number; windowMs: number }
}

export interface ApnsKeyInput {
  keyId: string
  teamId: string
  /** PEM: SPKI public key or PKCS#8 private key (.p8); both are accepted. */
  key: string
  /** Default 'both'. */
  environment?: ApnsEnvironment | 'both'
  /** Bundle ids this key may push to; absent = any. */
  topics?: string[]
}

export interface ApnsKeyInfo {
  keyId: string
  teamId: string
  environment: ApnsEnvironment | 'both'
  topics: string[] | null
}

export type ApnsTokenState = 'valid' | 'unregistered' | 'expired'

export interface ApnsTokenInput {
  token: string
  state?: ApnsTokenState
  topic?: string
  environment?: ApnsEnvironment
  /** Epoch ms; default clock.now(). Only kept for the 410 states. */
  unregisteredAt?: number
}

export interface ApnsTokenRecord {
  token: string
  state: ApnsTokenState
  topic: string | null
  environment: ApnsEnvironment | null
  unregisteredAt: number | null
}

export interface ApnsCore extends ProviderCore {
  readonly name: 'apns'
  /** SETTINGS_MAX_CONCURRENT_STREAMS the adapter must advertise on a new connection (1, per §1.8). */
  readonly initialMaxConcurrentStreams: number
  /** Always synchronous. */
  handle(request: SimRequest): Outcome
  registerKey(input: ApnsKeyInput): Result<ApnsKeyInfo>
  removeKey(keyId: string): Result<void>
  listKeys(): ApnsKeyInfo[]
  registerToken(input: ApnsTokenInput): Result<ApnsTokenRecord>
  /** Marks the token unregistered since `atEpochMs` (default now): later sends get 410 Unregistered with that timestamp. */
  unregisterToken(token: string, atEpochMs?: number): Result<ApnsTokenRecord>
  removeToken(token: string): Result<void>
  listTokens(): ApnsTokenRecord[]
}
