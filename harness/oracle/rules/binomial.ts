/**
 * The tolerance of a share drawn at random (control group, A/B variants):
 * a count k of n drawn with probability p is accepted within SIGMAS
 * standard deviations of n·p, plus half a person for rounding. At 4 sigma a
 * fair draw fails about once in 16,000 campaigns; a dispatcher that ignores
 * the share is caught once n is a few hundred. The draw is the dispatcher's
 * (seeded by the scenario): the verdict repeats at the same seed.
 */
export const SIGMAS = 4

export function binomialBand(n: number, p: number): { low: number; high: number } {
  const spread = SIGMAS * Math.sqrt(n * p * (1 - p)) + 0.5
  return { low: n * p - spread, high: n * p + spread }
}

export function withinBinomial(k: number, n: number, p: number): boolean {
  const { low, high } = binomialBand(n, p)
  return k >= low && k <= high
}
