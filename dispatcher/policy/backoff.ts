export interface Backoff {
  baseMs: number
  capMs: number
}

/**
 * Exponential backoff with full jitter (push-semantics §2, interpretation of common practice):
 * after attempt n (1-based) the wait is drawn uniformly from the whole milliseconds of
 * [0, min(cap, base·2^(n−1))]. `random` is the injected source in [0, 1); a value outside
 * that range is clamped, so the wait never leaves the window.
 */
export function jitteredBackoffMs(attempts: number, backoff: Backoff, random: () => number): number {
  const exponent = Math.max(0, Math.floor(attempts) - 1)
  const window = Math.max(0, Math.min(backoff.capMs, backoff.baseMs * 2 ** exponent))
  const draw = Math.min(1, Math.max(0, random()))
  return Math.min(Math.floor(window), Math.floor(draw * (Math.floor(window) + 1)))
}
