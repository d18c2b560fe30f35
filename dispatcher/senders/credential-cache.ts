/** A credential as minted: the value (a JWT, an access token) and its life. */
export interface Credential<T> {
  value: T
  /** 1, 2, …: which mint made it. */
  serial: number
  mintedAt: number
  /** Epoch ms from which it is no longer used (re-minted before its real expiry). */
  renewAt: number
  /** Made because refresh() dropped the previous one. */
  byRefresh: boolean
}

export type MintResult<T, F> = { ok: true; value: T; renewAt: number } | { ok: false; failure: F }
export type CredentialResult<T, F> = { ok: true; credential: Credential<T> } | { ok: false; failure: F }

export interface CredentialCache<T, F> {
  /** The cached credential, or one fresh mint shared by every concurrent caller. */
  get(): Promise<CredentialResult<T, F>>
  /** The cached credential if still usable, without minting. */
  current(): Credential<T> | undefined
  /** Drops the credential so the next get() mints (push-semantics §4 "credentials"); see cooldown. */
  refresh(): void
  /** Successful mints so far. */
  readonly mints: number
}

export interface CredentialCacheOptions<T, F> {
  /** Never rejects: failures are values (a provider answer, a transport error). */
  mint(now: number): Promise<MintResult<T, F>>
  onThrow(error: unknown): F
  now(): number
  /** Refreshes within this long of a refresh-made credential are stragglers of the old one, ignored. */
  refreshCooldownMs: number
}

/**
 * Caches one provider credential. Concurrent sends share one mint; a
 * failed mint is not cached. A burst of refresh() calls (every in-flight
 * request that carried the expired credential gets the same answer)
 * causes one new credential, not one per answer (interpretation).
 */
export function createCredentialCache<T, F>(options: CredentialCacheOptions<T, F>): CredentialCache<T, F> {
  let cached: Credential<T> | undefined
  let pending: { promise: Promise<CredentialResult<T, F>>; byRefresh: boolean } | undefined
  let nextByRefresh = false
  let generation = 0
  let mints = 0

  const usable = (credential: Credential<T> | undefined): credential is Credential<T> => credential !== undefined && options.now() < credential.renewAt

  async function mint(byRefresh: boolean, startedIn: number): Promise<CredentialResult<T, F>> {
    const mintedAt = options.now()
    let result: MintResult<T, F>
    try {
      result = await options.mint(mintedAt)
    } catch (error) {
      result = { ok: false, failure: options.onThrow(error) }
    }
    const current = startedIn === generation
    if (current) pending = undefined
    if (!result.ok) return result
    mints++
    const credential: Credential<T> = { value: result.value, serial: mints, mintedAt, renewAt: result.renewAt, byRefresh }
    if (current) {
      cached = credential
      if (byRefresh) nextByRefresh = false
    }
    return { ok: true, credential }
  }

  return {
    get() {
      if (usable(cached)) return Promise.resolve({ ok: true, credential: cached })
      if (!pending) {
        const byRefresh = nextByRefresh
        pending = { promise: mint(byRefresh, generation), byRefresh }
      }
      return pending.promise
    },
    current: () => (usable(cached) ? cached : undefined),
    refresh() {
      if (pending?.byRefresh) return
      if (cached?.byRefresh && options.now() - cached.mintedAt < options.refreshCooldownMs) return
      generation++
      cached = undefined
      pending = undefined
      nextByRefresh = true
    },
    get mints() {
      return mints
    },
  }
}
