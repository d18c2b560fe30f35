/**
 * Seeded draws from the latency distributions of the fault language.
 * Every draw goes through `rng.next()`, so a fault's forked stream gives the
 * same delays for the same seed and request sequence. Samples are plan
 * milliseconds: the caller multiplies them by the plan's time scale.
 */
import type { Rng } from '../../kernel/rng.ts'
import type { Distribution } from '../spec.ts'

/**
 * The longest delay a sample (or a configured duration) may take: Node's
 * timers cap at 2^31 − 1 ms and fire at once beyond it.
 */
export const MAX_DURATION_MS = 2_147_483_647

/** z of the 99th percentile of the standard normal, Φ⁻¹(0.99). */
export const Z_P99 = 2.3263478740408408

const TWO_PI = 2 * Math.PI

/**
 * One delay in ms, never negative and never above MAX_DURATION_MS.
 * `fixed` draws nothing; `uniform` and `pareto` one number; `normal` and
 * `lognormal` two (Box–Muller), so a stream stays aligned whatever the values.
 * @example sampleMs({ kind: 'lognormal', medianMs: 50, p99Ms: 400 }, rng.fork('f1'))
 */
export function sampleMs(d: Distribution, rng: Rng): number {
  switch (d.kind) {
    case 'fixed':
      return clamp(d.ms)
    case 'uniform':
      return clamp(d.minMs + (d.maxMs - d.minMs) * rng.next())
    case 'normal':
      // Censored at 0 rather than redrawn [interp]: a fixed number of draws per sample.
      return clamp(d.meanMs + d.stdDevMs * standardNormal(rng))
    case 'lognormal': {
      const mu = Math.log(d.medianMs)
      const sigma = (Math.log(d.p99Ms) - mu) / Z_P99
      return clamp(Math.exp(mu + sigma * standardNormal(rng)))
    }
    case 'pareto':
      // Inversion of P(X > x) = (scale / x)^shape; 1 − next() lies in (0, 1].
      return clamp(d.scaleMs / Math.pow(1 - rng.next(), 1 / d.shape))
  }
}

/** Box–Muller (cosine branch); u1 in (0, 1] keeps the logarithm finite. */
function standardNormal(rng: Rng): number {
  const u1 = 1 - rng.next()
  const u2 = rng.next()
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(TWO_PI * u2)
}

function clamp(ms: number): number {
  if (!(ms > 0)) return 0
  return ms > MAX_DURATION_MS ? MAX_DURATION_MS : ms
}
