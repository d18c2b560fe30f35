/**
 * Per-device-token request limit → 429 TooManyRequests (§1.7). Apple
 * documents no numbers, so the limit is the scenario's choice. [interp]
 * Fixed windows per token: `limit` requests are allowed in each `windowMs`
 * starting at the token's first request; every attempt counts.
 */
import type { Clock } from '../../kernel/clock.ts'

export interface TokenRateLimit {
  limit: number
  windowMs: number
}

export interface TokenRateLimiter {
  /** Counts one request to `token`; true when it exceeds the limit. */
  exceeds(token: string): boolean
  clear(): void
}

// Bounds memory under a flood of distinct tokens; forgetting windows early
// only lets a few extra requests through.
const MAX_TRACKED_TOKENS = 100_000

export function createTokenRateLimiter({ limit, windowMs }: TokenRateLimit, clock: Clock): TokenRateLimiter {
  const windows = new Map<string, { startMs: number; count: number }>()
  return {
    exceeds(token) {
      const now = clock.now()
      const window = windows.get(token)
      if (window === undefined || now - window.startMs >= windowMs) {
        if (window === undefined && windows.size >= MAX_TRACKED_TOKENS) windows.clear()
        windows.set(token, { startMs: now, count: 1 })
        return false
      }
      window.count += 1
      return window.count > limit
    },
    clear: () => windows.clear(),
  }
}
