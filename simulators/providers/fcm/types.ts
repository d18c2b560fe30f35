import type { Clock, ProviderCore, Result, Rng } from '../../kernel/index.ts'

export interface FcmOptions {
  clock: Clock
  rng: Rng
  /** Default 3600; the token response says expires_in = ttl - 1 (3599), as Google does. */
  accessTokenTtlSeconds?: number
  /**
   * What the retired `POST /fcm/send` answers to a keyed request:
   * `'deprecated-api'` (default): 200 + `{"error":"DeprecatedApi"}` per target [obs 2024-09, jlcvp/fcm-node#100];
   * `'not-found'`: the bare GFE 404 HTML page [obs 2025-02, decision-labs/fcm#136].
   */
  legacyApi?: 'deprecated-api' | 'not-found'
}

export interface ServiceAccountInput {
  clientEmail: string
  projectId: string
  /** PEM: SPKI public key or PKCS#8 (also PKCS#1) private key. */
  key: string
  privateKeyId?: string
}

export interface ServiceAccountInfo {
  clientEmail: string
  projectId: string
  privateKeyId: string | null
}

export type FcmTokenState = 'valid' | 'unregistered'

export interface FcmTokenInput {
  token: string
  /** The sender project the token belongs to. */
  project?: string
  state?: FcmTokenState
}

export interface FcmTokenRecord {
  token: string
  project: string | null
  state: FcmTokenState
}

export interface FcmCore extends ProviderCore {
  readonly name: 'fcm'
  registerServiceAccount(input: ServiceAccountInput): Result<ServiceAccountInfo>
  listServiceAccounts(): ServiceAccountInfo[]
  registerToken(input: FcmTokenInput): Result<FcmTokenRecord>
  unregisterToken(token: string): Result<FcmTokenRecord>
  removeToken(token: string): Result<void>
  listTokens(): FcmTokenRecord[]
  /** Expire every access token issued so far (rehearses the 3 a.m. expired-token case). Returns how many. */
  expireAccessTokens(): number
}
