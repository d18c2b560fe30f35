import { describe, expect, it } from 'vitest'
import { createRng } from '../../kernel/rng.ts'
import type { Distribution } from '../spec.ts'
import { MAX_DURATION_MS, sampleMs } from './distributions.ts'

const draw = (d: Distribution, count: number, seed = 'test'): number[] => {
  const rng = createRng(seed)
  return Array.from({ length: count }, () => sampleMs(d, rng))
}

/** Nearest-rank quantile. */
const quantile = (samples: readonly number[], q: number): number => {
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.ceil(q * sorted.length) - 1]!
}

const mean = (samples: readonly number[]): number => samples.reduce((sum, x) => sum + x, 0) / samples.length

describe('sampleMs', () => {
  // Standard errors of sample quantiles, n = 1000, sigma = ln(400/50)/2.326 = 0.894:
  // the median's log-error is sqrt(.25/n)/phi(0)*sigma = 0.035 (3.5 %), so ±10 % is ~2.8 SE;
  // the p99 rests on ~10 points above it, sqrt(.0099/n)/phi(2.326)*sigma = 0.106 (~11 %),
  // so ±25 % is over 2 SE either way. Tighter bounds would test the seed, not the sampler.
  it('lognormal(median 50, p99 400): 1,000 samples land with median within ±10 % and p99 within ±25 %', () => {
    const samples = draw({ kind: 'lognormal', medianMs: 50, p99Ms: 400 }, 1000)
    expect(quantile(samples, 0.5)).toBeGreaterThanOrEqual(45)
    expect(quantile(samples, 0.5)).toBeLessThanOrEqual(55)
    expect(quantile(samples, 0.99)).toBeGreaterThanOrEqual(300)
    expect(quantile(samples, 0.99)).toBeLessThanOrEqual(500)
  })

  it('gives the same sequence for the same seed and another for another seed', () => {
    for (const d of [
      { kind: 'lognormal', medianMs: 50, p99Ms: 400 },
      { kind: 'uniform', minMs: 0, maxMs: 100 },
      { kind: 'normal', meanMs: 100, stdDevMs: 20 },
      { kind: 'pareto', scaleMs: 10, shape: 1.5 },
    ] satisfies Distribution[]) {
      expect(draw(d, 20, 'alpha')).toEqual(draw(d, 20, 'alpha'))
      expect(draw(d, 20, 'beta')).not.toEqual(draw(d, 20, 'alpha'))
    }
  })

  it('fixed returns its value and draws nothing from the stream', () => {
    const rng = createRng('test')
    expect(sampleMs({ kind: 'fixed', ms: 200 }, rng)).toBe(200)
    expect(rng.next()).toBe(createRng('test').next())
  })

  it('uniform(100, 300): 10,000 samples stay within bounds, mean within ±2 % of 200', () => {
    const samples = draw({ kind: 'uniform', minMs: 100, maxMs: 300 }, 10_000)
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(100)
    expect(Math.max(...samples)).toBeLessThan(300)
    expect(Math.abs(mean(samples) - 200)).toBeLessThan(4)
  })

  it('normal(100, 20): 10,000 samples have mean within ±1 and standard deviation within ±5 %', () => {
    const samples = draw({ kind: 'normal', meanMs: 100, stdDevMs: 20 }, 10_000)
    const m = mean(samples)
    const sd = Math.sqrt(mean(samples.map((x) => (x - m) ** 2)))
    expect(Math.abs(m - 100)).toBeLessThan(1)
    expect(Math.abs(sd - 20)).toBeLessThan(1)
  })

  it('normal is truncated at 0: never negative, even when most of the mass is below', () => {
    const samples = draw({ kind: 'normal', meanMs: 0, stdDevMs: 50 }, 1000)
    expect(Math.min(...samples)).toBe(0)
    expect(samples.filter((x) => x === 0).length).toBeGreaterThan(400)
  })

  it('pareto(10, 2): never below the scale, median within ±10 % of scale·2^(1/shape)', () => {
    const samples = draw({ kind: 'pareto', scaleMs: 10, shape: 2 }, 1000)
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(10)
    expect(Math.abs(quantile(samples, 0.5) / (10 * Math.SQRT2) - 1)).toBeLessThan(0.1)
  })

  it('caps a heavy tail at the longest timer Node can set', () => {
    const samples = draw({ kind: 'pareto', scaleMs: 1000, shape: 0.01 }, 200)
    expect(Math.max(...samples)).toBe(MAX_DURATION_MS)
    expect(samples.every(Number.isFinite)).toBe(true)
  })
})
