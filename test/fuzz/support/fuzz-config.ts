/**
 * Fixed seeds and run counts for the property-based fuzz tests, so CI is
 * deterministic; each test names its seed and run count in its title.
 *
 * FUZZ_SCALE=N multiplies every run count (a longer local hunt), and
 * FUZZ_SEED=S replaces every seed (a fresh region of the input space).
 * A failure prints fast-check's counterexample and the seed and path that
 * replay it.
 */
import fc from 'fast-check'

const scale = Math.max(0.01, Number(process.env.FUZZ_SCALE ?? '1') || 1)
const seedOverride = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED)

export interface FuzzRun {
  readonly seed: number
  readonly numRuns: number
  /** " [seed=… runs=…]", for the test's title. */
  readonly label: string
}

export function fuzzRun(seed: number, numRuns: number): FuzzRun {
  const s = seedOverride ?? seed
  const n = Math.max(1, Math.round(numRuns * scale))
  return { seed: s, numRuns: n, label: ` [seed=${s} runs=${n}]` }
}

/** fc.assert with the run's seed and count; fast-check reports the failing input and how to replay it. */
export function check<Ts extends [unknown, ...unknown[]]>(run: FuzzRun, property: fc.IProperty<Ts>): void {
  fc.assert(property, { seed: run.seed, numRuns: run.numRuns, endOnFailure: false })
}

export const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex')
