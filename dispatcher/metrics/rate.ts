import type { Rate } from './profiles.ts'

/** push-semantics §8: numerator / denominator × 100, unrounded; null (not 0) when the denominator is 0. */
export function rate(numerator: number | null, denominator: number | null): Rate {
  // An unknown count (Safari's views) makes the rate unknown too.
  return numerator === null || denominator === null || denominator === 0 ? null : (numerator / denominator) * 100
}
