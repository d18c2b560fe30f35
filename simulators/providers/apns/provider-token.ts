/**
 * Provider-token (JWT) verification (§1.6): ES256 only, `kid` names a
 * registered key, `iss` equals that key's team, signature verifies.
 *
 * Senders reuse one token for 20–60 minutes, so the outcome of parsing and
 * verifying a token string is cached; time-dependent rules (iat age) are
 * applied by the caller on every request. The cache is cleared whenever the
 * keys change, and when it reaches its bound.
 */
import { verify, type KeyObject } from 'node:crypto'
import type { ApnsKey, KeyRegistry } from './key-registry.ts'

export type ProviderTokenCheck =
  | { ok: true; key: ApnsKey; issuedAtMs: number }
  | { ok: false }

export type SignatureVerifier = (signingInput: Buffer, signature: Buffer, key: KeyObject) => boolean

export interface ProviderTokenVerifier {
  check(jwt: string): ProviderTokenCheck
  clear(): void
}

const CACHE_LIMIT = 10_000
const ES256_SIGNATURE_BYTES = 64
const INVALID: ProviderTokenCheck = { ok: false }

/** JOSE ES256 signatures are raw r‖s (IEEE P1363), not DER. */
export const verifyEs256: SignatureVerifier = (signingInput, signature, key) =>
  verify('sha256', signingInput, { key, dsaEncoding: 'ieee-p1363' }, signature)

export function createProviderTokenVerifier(
  keys: KeyRegistry,
  verifySignature: SignatureVerifier = verifyEs256,
): ProviderTokenVerifier {
  const cache = new Map<string, ProviderTokenCheck>()
  return {
    check(jwt) {
      const cached = cache.get(jwt)
      if (cached !== undefined) return cached
      if (cache.size >= CACHE_LIMIT) cache.clear()
      const outcome = checkUncached(jwt, keys, verifySignature)
      cache.set(jwt, outcome)
      return outcome
    },
    clear: () => cache.clear(),
  }
}

function checkUncached(jwt: string, keys: KeyRegistry, verifySignature: SignatureVerifier): ProviderTokenCheck {
  const headerEnd = jwt.indexOf('.')
  const payloadEnd = jwt.indexOf('.', headerEnd + 1)
  if (headerEnd <= 0 || payloadEnd === -1 || jwt.indexOf('.', payloadEnd + 1) !== -1) return INVALID

  const header = decodeSegment(jwt.slice(0, headerEnd))
  if (header === null || header.alg !== 'ES256' || typeof header.kid !== 'string') return INVALID
  const claims = decodeSegment(jwt.slice(headerEnd + 1, payloadEnd))
  if (claims === null || typeof claims.iss !== 'string' || !Number.isFinite(claims.iat)) return INVALID

  const key = keys.get(header.kid)
  if (key === undefined || key.teamId !== claims.iss) return INVALID

  const signature = Buffer.from(jwt.slice(payloadEnd + 1), 'base64url')
  if (signature.length !== ES256_SIGNATURE_BYTES) return INVALID
  const signingInput = Buffer.from(jwt.slice(0, payloadEnd), 'latin1')
  if (!verifySignature(signingInput, signature, key.publicKey)) return INVALID
  // iat is in seconds (§1.6).
  return { ok: true, key, issuedAtMs: (claims.iat as number) * 1000 }
}

function decodeSegment(segment: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'))
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null
  } catch {
    return null
  }
}
