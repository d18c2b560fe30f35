import { verify, type KeyObject } from 'node:crypto'
import { decodeBase64Url, encodeBase64Url } from './base64url.ts'
import { pointToKeyObject } from './p256.ts'
import type { AuthProblem } from './push-failure.ts'

/**
 * The time-independent facts about one (JWT, key) pair: whether the key is a
 * point, whether the ES256 signature holds, and the claims. Computed once
 * per distinct pair (see vapid-verifier.ts); exp, aud and sub are judged
 * per request because they depend on the clock, the origin and the flavour.
 */
export type TokenFacts =
  | { problem: AuthProblem; detail?: string }
  | { problem: undefined; claims: VapidClaims }

export interface VapidClaims {
  /** Seconds since the epoch; undefined when missing or not an integer. */
  exp: number | undefined
  /** Normalised origin of `aud`; undefined when missing, not a string or not a URL. */
  audOrigin: string | undefined
  audIsString: boolean
  /** The raw `sub` when it is a string. */
  sub: string | undefined
  /** `sub` names localhost (mailto:x@localhost, https://localhost/…). */
  subIsLocalhost: boolean
}

export interface KeyFacts {
  key: KeyObject
  /** Unpadded base64url of the 65-byte point, for comparison with the subscription's key. */
  canonical: string
}

export function inspectKey(text: string): KeyFacts | { problem: 'invalid-key'; detail: string } {
  const point = decodeBase64Url(text)
  if (!point) return { problem: 'invalid-key', detail: 'Invalid base64url encoding' }
  const key = pointToKeyObject(point)
  if (!key) return { problem: 'invalid-key', detail: 'Not an uncompressed P-256 point' }
  return { key, canonical: encodeBase64Url(point) }
}

// jsonwebtoken's error names, which autopush passes through [src: error.rs ApiErrorKind::Jwt].
export function inspectToken(token: string, key: KeyObject): TokenFacts {
  const firstDot = token.indexOf('.')
  const secondDot = token.indexOf('.', firstDot + 1)
  if (firstDot === -1 || secondDot === -1 || token.indexOf('.', secondDot + 1) !== -1) {
    return { problem: 'malformed-token', detail: 'InvalidToken' }
  }
  const header = parseJsonSegment(token.slice(0, firstDot))
  if (header === undefined) return { problem: 'malformed-token', detail: 'InvalidToken' }
  if (header.alg !== 'ES256') return { problem: 'malformed-token', detail: 'InvalidAlgorithm' }
  const signature = decodeBase64Url(token.slice(secondDot + 1))
  const signed = Buffer.from(token.slice(0, secondDot))
  // ES256 signatures in JWS are raw r‖s (RFC 7518 §3.4), hence ieee-p1363.
  if (signature?.length !== 64 || !verify('sha256', signed, { key, dsaEncoding: 'ieee-p1363' }, signature)) {
    return { problem: 'bad-signature', detail: 'InvalidSignature' }
  }
  const payload = parseJsonSegment(token.slice(firstDot + 1, secondDot))
  if (payload === undefined) return { problem: 'bad-claims' }
  return { problem: undefined, claims: readClaims(payload) }
}

function readClaims(payload: Record<string, unknown>): VapidClaims {
  const { exp, aud, sub } = payload
  return {
    exp: typeof exp === 'number' && Number.isSafeInteger(exp) && exp >= 0 ? exp : undefined,
    audOrigin: typeof aud === 'string' ? originOf(aud) : undefined,
    audIsString: typeof aud === 'string',
    sub: typeof sub === 'string' ? sub : undefined,
    subIsLocalhost: typeof sub === 'string' && namesLocalhost(sub),
  }
}

function namesLocalhost(sub: string): boolean {
  if (sub.startsWith('mailto:')) return sub.slice(sub.lastIndexOf('@') + 1).toLowerCase() === 'localhost'
  try {
    return new URL(sub).hostname === 'localhost'
  } catch {
    return false
  }
}

/** Like autopush's Url comparison, `https://host/` and `https://host` are the same audience. */
function originOf(aud: string): string | undefined {
  try {
    const url = new URL(aud)
    return url.pathname === '/' && url.search === '' && url.hash === '' ? url.origin : undefined
  } catch {
    return undefined
  }
}

function parseJsonSegment(segment: string): Record<string, unknown> | undefined {
  const bytes = decodeBase64Url(segment)
  if (!bytes || bytes.length === 0) return undefined
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'))
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}
