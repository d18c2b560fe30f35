import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { executorLoad } from '../../scenarios/expected.ts'
import { arrivalOffsets } from './arrivals.ts'

describe('open-model arrival times', () => {
  it('a constant rate spaces arrivals evenly, as many as the plan expects', () => {
    const executor = { executor: 'constant-arrival-rate', message: 'm', ratePerSecond: 20, durationMs: 3_000, startMs: 0 } as const
    const offsets = [...arrivalOffsets(executor)]
    expect(offsets).toHaveLength(executorLoad(executor, () => 0).arrivals)
    expect(offsets.slice(0, 3)).toEqual([0, 50, 100])
  })

  it('a ramp gives the planned count, in order, within its stages, denser where the rate is higher', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 50 }),
        fc.array(fc.record({ targetPerSecond: fc.integer({ min: 0, max: 200 }), durationMs: fc.integer({ min: 100, max: 20_000 }) }), { minLength: 1, maxLength: 4 }),
        (startRatePerSecond, stages) => {
          const executor = { executor: 'ramping-arrival-rate', message: 'm', startRatePerSecond, stages, startMs: 0 } as const
          const offsets = [...arrivalOffsets(executor)]
          const planned = executorLoad(executor, () => 0).arrivals
          expect(Math.abs(offsets.length - planned)).toBeLessThanOrEqual(stages.length)
          const total = stages.reduce((sum, stage) => sum + stage.durationMs, 0)
          for (let i = 1; i < offsets.length; i++) expect(offsets[i]!).toBeGreaterThanOrEqual(offsets[i - 1]!)
          for (const offset of offsets) expect(offset).toBeLessThanOrEqual(total)
        },
      ),
      { numRuns: 30 },
    )
  })

  it('a ramp from 0 to 10/s over 10 s puts three times as many arrivals in its second half as in its first', () => {
    const offsets = [...arrivalOffsets({ executor: 'ramping-arrival-rate', message: 'm', startRatePerSecond: 0, stages: [{ targetPerSecond: 10, durationMs: 10_000 }], startMs: 0 })]
    expect(offsets).toHaveLength(50)
    expect(offsets.filter((offset) => offset < 5_000)).toHaveLength(13)
  })
})
