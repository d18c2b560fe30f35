import type { Clock, Rng } from '../../kernel/index.ts'

/** Scopes that allow `messages:send` (§2.1) [doc]. */
export const MESSAGING_SCOPES: ReadonlySet<string> = new Set([
  'https://www.googleapis.com/auth/firebase.messaging',
  'https://www.googleapis.com/auth/cloud-platform',
])

export interface AccessGrant {
  readonly clientEmail: string
  readonly projectId: string
  /** The token carries a scope that allows `messages:send`. */
  readonly canSend: boolean
  expiresAtMs: number
}

export type AccessTokenLookup = { kind: 'valid'; grant: AccessGrant } | { kind: 'expired' } | { kind: 'unknown' }

/**
 * Opaque `ya29.` access tokens issued by the OAuth endpoint. Expired tokens
 * are kept (so they answer ACCESS_TOKEN_EXPIRED rather than "unknown") up to
 * a bound; past it the oldest are forgotten.
 */
export class AccessTokenStore {
  static readonly MAX_TOKENS = 50_000
  readonly #tokens = new Map<string, AccessGrant>()
  readonly #clock: Clock
  readonly #rng: Rng
  readonly #ttlMs: number

  constructor(clock: Clock, rng: Rng, ttlSeconds: number) {
    this.#clock = clock
    this.#rng = rng
    this.#ttlMs = ttlSeconds * 1000
  }

  issue(clientEmail: string, projectId: string, scopes: readonly string[]): string {
    const token = `ya29.${this.#rng.bytes(96).toString('base64url')}`
    const canSend = scopes.some((scope) => MESSAGING_SCOPES.has(scope))
    this.#tokens.set(token, { clientEmail, projectId, canSend, expiresAtMs: this.#clock.now() + this.#ttlMs })
    if (this.#tokens.size > AccessTokenStore.MAX_TOKENS) this.#evictOldest()
    return token
  }

  lookup(token: string): AccessTokenLookup {
    const grant = this.#tokens.get(token)
    if (!grant) return { kind: 'unknown' }
    return this.#clock.now() < grant.expiresAtMs ? { kind: 'valid', grant } : { kind: 'expired' }
  }

  /** Expires every live token now; returns how many were still live. */
  expireAll(): number {
    const now = this.#clock.now()
    let expired = 0
    for (const grant of this.#tokens.values()) {
      if (now < grant.expiresAtMs) {
        grant.expiresAtMs = now
        expired++
      }
    }
    return expired
  }

  clear(): void {
    this.#tokens.clear()
  }

  #evictOldest(): void {
    const oldest = this.#tokens.keys().next()
    if (!oldest.done) this.#tokens.delete(oldest.value)
  }
}
