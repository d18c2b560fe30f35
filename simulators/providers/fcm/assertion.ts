import { verify } from 'node:crypto'
import type { ServiceAccount, ServiceAccountRegistry } from './service-accounts.ts'

/**
 * Verifies the RS256 JWT a service account signs to get an access token
 * (protocols.md §2.1; built by google-auth-library `gtoken/jwsSign.js`:
 * header `{"alg":"RS256"}`, claims iss/scope/aud/iat/exp, exp = iat + 3600).
 * Descriptions are Google's where observed; the check order is [interp].
 */
export type AssertionCheck =
  | { ok: true; account: ServiceAccount; scopes: readonly string[] }
  | { ok: false; error: 'invalid_grant' | 'invalid_scope'; description: string }

export const ASSERTION_DESCRIPTIONS = {
  /** [obs] wrong key; also used for unparseable JWTs, a foreign alg and a kid mismatch [interp]. */
  signature: 'Invalid JWT Signature.',
  /** [obs: google-auth-library-java#1515, google-cloud-php#3622]: deleted/unknown service account. */
  account: 'Invalid grant: account not found',
  /** [obs: google/oauth2l#130]. */
  audience: 'Invalid JWT: Failed audience check.',
  /** [obs]. */
  lifetime:
    'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.',
  /** [obs: oneduo/laravel-recaptcha-enterprise#10, assertion without scope]. */
  scope: 'Invalid OAuth scope or ID token audience provided.',
} as const

/** Google accepts the legacy token URLs as audiences too (§2.1). */
export const GOOGLE_TOKEN_AUDIENCES: readonly string[] = [
  'https://oauth2.googleapis.com/token',
  'https://www.googleapis.com/oauth2/v4/token',
  'https://accounts.google.com/o/oauth2/token',
]

/** Tolerated clock difference between signer and server [interp: Google's exact leeway is undocumented]. */
export const CLOCK_SKEW_SECONDS = 60
const MAX_LIFETIME_SECONDS = 3600
const BASE64URL = /^[A-Za-z0-9_-]+$/

const grantError = (description: string): AssertionCheck => ({ ok: false, error: 'invalid_grant', description })

export function checkAssertion(
  assertion: string,
  accounts: ServiceAccountRegistry,
  audiences: ReadonlySet<string>,
  nowMs: number,
): AssertionCheck {
  const parts = assertion.split('.')
  if (parts.length !== 3 || !parts.every((part) => BASE64URL.test(part))) return grantError(ASSERTION_DESCRIPTIONS.signature)
  const [headerPart, claimsPart, signaturePart] = parts as [string, string, string]
  const header = decodeObject(headerPart)
  const claims = decodeObject(claimsPart)
  if (!header || !claims || header.alg !== 'RS256') return grantError(ASSERTION_DESCRIPTIONS.signature)

  const account = typeof claims.iss === 'string' ? accounts.get(claims.iss) : undefined
  if (!account) return grantError(ASSERTION_DESCRIPTIONS.account)
  const keyId = account.info.privateKeyId
  if (header.kid !== undefined && keyId !== null && header.kid !== keyId) return grantError(ASSERTION_DESCRIPTIONS.signature)
  const signed = Buffer.from(`${headerPart}.${claimsPart}`)
  if (!verify('sha256', signed, account.publicKey, Buffer.from(signaturePart, 'base64url'))) {
    return grantError(ASSERTION_DESCRIPTIONS.signature)
  }

  if (typeof claims.aud !== 'string' || !audiences.has(claims.aud)) return grantError(ASSERTION_DESCRIPTIONS.audience)
  if (!withinLifetime(claims.iat, claims.exp, nowMs / 1000)) return grantError(ASSERTION_DESCRIPTIONS.lifetime)
  const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ').filter((s) => s !== '') : []
  if (scopes.length === 0) return { ok: false, error: 'invalid_scope', description: ASSERTION_DESCRIPTIONS.scope }
  return { ok: true, account, scopes }
}

function withinLifetime(iat: unknown, exp: unknown, nowSeconds: number): boolean {
  if (typeof iat !== 'number' || typeof exp !== 'number') return false
  if (exp <= iat || exp - iat > MAX_LIFETIME_SECONDS) return false
  return nowSeconds >= iat - CLOCK_SKEW_SECONDS && nowSeconds <= exp + CLOCK_SKEW_SECONDS
}

function decodeObject(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null
  } catch {
    return null
  }
}
