/**
 * Token buckets keyed by string (global, project, connection, target or
 * topic), for rate-limit faults. Time comes from the caller, so the buckets
 * follow whatever clock (and time scale) the engine runs on.
 */

export interface TokenBucketOptions {
  /** Tokens a full bucket holds: the burst allowed after a quiet period (≥ 1). */
  capacity: number
  /** Tokens added per second (> 0). */
  refillPerSecond: number
  /** Keys kept at most; default 100,000. */
  maxKeys?: number
}

export type TakeResult = { ok: true } | { ok: false; retryAfterMs: number }

export interface KeyedTokenBucket {
  /** Takes one token from `key`'s bucket at `nowMs`, or says how long until one is there. */
  take(key: string, nowMs: number): TakeResult
  /** Keys currently tracked. */
  readonly size: number
  clear(): void
}

interface Bucket {
  tokens: number
  updatedMs: number
}

const TAKEN: TakeResult = Object.freeze({ ok: true })
const DEFAULT_MAX_KEYS = 100_000

/**
 * @example
 * const bucket = createTokenBucket({ capacity: 600_000, refillPerSecond: 10_000 })
 * bucket.take('project:demo', clock.now()) // { ok: true }
 */
export function createTokenBucket(options: TokenBucketOptions): KeyedTokenBucket {
  const { capacity, refillPerSecond } = options
  const maxKeys = Math.max(1, options.maxKeys ?? DEFAULT_MAX_KEYS)
  const buckets = new Map<string, Bucket>()

  const refilled = (bucket: Bucket, nowMs: number): number =>
    Math.min(capacity, bucket.tokens + (Math.max(0, nowMs - bucket.updatedMs) * refillPerSecond) / 1000)

  // A full bucket behaves exactly like an absent one, so dropping idle full
  // buckets loses nothing. Only when every key is busy are the oldest dropped
  // (they start full again: a small burst slips through) to bound memory.
  const makeRoom = (nowMs: number): void => {
    for (const [key, bucket] of buckets) if (refilled(bucket, nowMs) >= capacity) buckets.delete(key)
    const target = Math.min(maxKeys - 1, Math.floor(maxKeys * 0.9))
    for (const key of buckets.keys()) {
      if (buckets.size <= target) break
      buckets.delete(key)
    }
  }

  return {
    take(key, nowMs) {
      let bucket = buckets.get(key)
      if (bucket === undefined) {
        if (buckets.size >= maxKeys) makeRoom(nowMs)
        bucket = { tokens: capacity, updatedMs: nowMs }
        buckets.set(key, bucket)
      } else {
        bucket.tokens = refilled(bucket, nowMs)
        if (nowMs > bucket.updatedMs) bucket.updatedMs = nowMs
      }
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1
        return TAKEN
      }
      return { ok: false, retryAfterMs: msUntilToken(bucket.tokens, refillPerSecond) }
    },
    get size() {
      return buckets.size
    },
    clear: () => buckets.clear(),
  }
}

// The 1e-6 ms slack keeps float noise (0.5 token at 1/s = 500.0000000001 ms)
// from adding a whole millisecond.
function msUntilToken(tokens: number, refillPerSecond: number): number {
  return Math.max(1, Math.ceil(((1 - tokens) * 1000) / refillPerSecond - 1e-6))
}
