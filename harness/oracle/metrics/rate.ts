/** §8: a rate is numerator / denominator × 100, `null` (not 0) when the denominator is 0 or unknown. */
export const rate = (numerator: number | null, denominator: number | null): number | null =>
  numerator === null || denominator === null || denominator === 0 ? null : (numerator / denominator) * 100

/** Rates compare unrounded to within this many percentage points (§8). */
export const RATE_TOLERANCE = 0.005
