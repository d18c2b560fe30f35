import { readAuthorization, type AuthReading } from './authorization-header.ts'
import type { AuthProblem } from './push-failure.ts'
import { inspectKey, inspectToken, type KeyFacts, type TokenFacts, type VapidClaims } from './vapid-token.ts'

/**
 * VAPID verification with memoised work. Senders reuse one JWT for up to
 * 24 h, so an `Authorization: vapid …` value is parsed, its key decoded and
 * its signature checked once; only the clock-, origin- and flavour-dependent
 * claim rules run on every push. The draft `WebPush` form depends on a
 * second header (Crypto-Key), so it skips the header memo but still shares
 * the key and signature memos.
 */
export interface ClaimPolicy {
  /** Autopush and Apple refuse a JWT without a mailto:/https: `sub` (protocols.md §3.3). */
  requireSubject: boolean
  /** Apple refuses a `sub` naming localhost [obs: web-push#947]. */
  rejectLocalhostSubject: boolean
}

export type KeyCheck = KeyFacts | { problem: 'invalid-key'; detail: string }

/** What is known about one Authorization value; filled lazily by the stages. */
export interface AuthEntry {
  readonly reading: AuthReading
  key?: KeyCheck
  facts?: TokenFacts
}

export type AuthVerdict = { problem: AuthProblem; detail?: string } | undefined

export interface VapidVerifier {
  read(authorization: string | undefined, cryptoKey: string | undefined, allowBearer: boolean): AuthEntry
  key(entry: AuthEntry, text: string): KeyCheck
  /** undefined when the JWT is acceptable for this origin at `nowMs`. */
  check(entry: AuthEntry, token: string, key: KeyFacts, nowMs: number, origin: string, policy: ClaimPolicy): AuthVerdict
  clear(): void
}

const MAX_HEADERS = 1024
const MAX_TOKENS = 1024
const MAX_KEYS = 256
const DAY_MS = 86_400_000
const ANONYMOUS: AuthEntry = { reading: { credentials: undefined } }

export function createVapidVerifier(): VapidVerifier {
  const headers = new Map<string, AuthEntry>()
  const keys = new Map<string, KeyCheck>()
  const tokens = new Map<string, TokenFacts>()

  return {
    read(authorization, cryptoKey, allowBearer) {
      if (authorization === undefined) return ANONYMOUS
      const cacheable = authorization.length > 6 && authorization.slice(0, 6).toLowerCase() === 'vapid '
      let entry = cacheable ? headers.get(authorization) : undefined
      if (entry === undefined) {
        entry = { reading: readAuthorization(authorization, cryptoKey, allowBearer) }
        if (cacheable) remember(headers, authorization, entry, MAX_HEADERS)
      }
      return entry
    },
    key(entry, text) {
      if (entry.key === undefined) {
        let facts = keys.get(text)
        if (facts === undefined) {
          facts = inspectKey(text)
          remember(keys, text, facts, MAX_KEYS)
        }
        entry.key = facts
      }
      return entry.key
    },
    check(entry, token, key, nowMs, origin, policy) {
      if (entry.facts === undefined) {
        const cacheKey = `${key.canonical} ${token}`
        let facts = tokens.get(cacheKey)
        if (facts === undefined) {
          facts = inspectToken(token, key.key)
          remember(tokens, cacheKey, facts, MAX_TOKENS)
        }
        entry.facts = facts
      }
      const facts = entry.facts
      return facts.problem !== undefined ? facts : judgeClaims(facts.claims, nowMs, origin, policy)
    },
    clear() {
      headers.clear()
      keys.clear()
      tokens.clear()
    },
  }
}

function judgeClaims(claims: VapidClaims, nowMs: number, origin: string, policy: ClaimPolicy): AuthVerdict {
  // Autopush deserialises {exp: u64, aud: String, sub: String} before judging values.
  if (claims.exp === undefined || !claims.audIsString || (policy.requireSubject && claims.sub === undefined)) {
    return { problem: 'bad-claims' }
  }
  const expMs = claims.exp * 1000
  if (expMs <= nowMs) return { problem: 'expired' }
  if (expMs > nowMs + DAY_MS) return { problem: 'exp-too-long' }
  if (claims.audOrigin !== origin) return { problem: 'bad-audience' }
  if (!policy.requireSubject) return undefined
  const sub = claims.sub ?? ''
  if (sub === '') return { problem: 'empty-subject' }
  // autopush-rs insecure_sub: "mailto:" or "https://" prefixes.
  if (!sub.startsWith('mailto:') && !sub.startsWith('https://')) return { problem: 'bad-subject' }
  if (policy.rejectLocalhostSubject && claims.subIsLocalhost) return { problem: 'localhost-subject' }
  return undefined
}

/** FIFO-bounded insert: the oldest entry goes first (Map keeps insertion order). */
function remember<V>(map: Map<string, V>, key: string, value: V, max: number): void {
  if (map.size >= max) {
    const oldest = map.keys().next()
    if (!oldest.done) map.delete(oldest.value)
  }
  map.set(key, value)
}
