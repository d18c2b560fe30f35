import { describe, expect, it } from 'vitest'
import type { Schedule } from '../spec.ts'
import { createScheduleState, type ScheduleInput } from './schedule.ts'

/** `active()` for each input in order. */
const run = (schedule: Schedule, inputs: readonly ScheduleInput[]): boolean[] => {
  const state = createScheduleState(schedule)
  return inputs.map((input) => state.active(input))
}
const exchanges = (count: number): ScheduleInput[] => Array.from({ length: count }, () => ({ elapsedMs: 0 }))
const at = (...elapsed: number[]): ScheduleInput[] => elapsed.map((elapsedMs) => ({ elapsedMs }))

describe('createScheduleState', () => {
  it('always is active', () => {
    expect(run({ kind: 'always' }, exchanges(3))).toEqual([true, true, true])
  })

  it('after N is active once N matching exchanges have gone by', () => {
    expect(run({ kind: 'after', exchanges: 2 }, exchanges(4))).toEqual([false, false, true, true])
    expect(run({ kind: 'after', exchanges: 0 }, exchanges(1))).toEqual([true])
  })

  it('every nth is active on the nth, 2nth, … matching exchange', () => {
    expect(run({ kind: 'every', nth: 3 }, exchanges(7))).toEqual([false, false, true, false, false, true, false])
    expect(run({ kind: 'every', nth: 1 }, exchanges(2))).toEqual([true, true])
  })

  it('every nth with an offset is shifted by it', () => {
    expect(run({ kind: 'every', nth: 3, offset: 1 }, exchanges(7))).toEqual([false, false, false, true, false, false, true])
  })

  it('first K fails the first K attempts per target, then lets it through', () => {
    const inputs = ['a', 'a', 'b', 'a', 'b', 'b', 'a'].map((target) => ({ elapsedMs: 0, target }))
    expect(run({ kind: 'first', attempts: 2 }, inputs)).toEqual([true, true, true, false, true, false, false])
  })

  it('first K counts exchanges without a target together', () => {
    expect(run({ kind: 'first', attempts: 1 }, exchanges(2))).toEqual([true, false])
  })

  it('first K forgets the oldest target when its map is full', () => {
    const state = createScheduleState({ kind: 'first', attempts: 1 }, { maxTargets: 2 })
    const active = (target: string) => state.active({ elapsedMs: 0, target })
    expect([active('a'), active('b'), active('a'), active('c'), active('b'), active('a')]).toEqual([true, true, false, true, false, true])
  })

  it('window is active from fromMs (inclusive) to toMs (exclusive)', () => {
    expect(run({ kind: 'window', fromMs: 10_000, toMs: 20_000 }, at(9_999, 10_000, 19_999, 20_000))).toEqual([false, true, true, false])
  })

  it('window without an end stays active', () => {
    expect(run({ kind: 'window', fromMs: 5 }, at(4, 5, 1e9))).toEqual([false, true, true])
  })

  it('burst is on for onMs then off for offMs, repeating from the start', () => {
    expect(run({ kind: 'burst', onMs: 100, offMs: 300 }, at(0, 99, 100, 399, 400, 499, 500))).toEqual([true, true, false, false, true, true, false])
  })

  it('compares virtual ms with the durations as written (the run clock applies the time scale)', () => {
    // A jump of a day lands past the window, in the burst cycle where that day falls.
    expect(run({ kind: 'window', fromMs: 10_000, toMs: 20_000 }, at(15_000, 86_400_000))).toEqual([true, false])
    expect(run({ kind: 'burst', onMs: 100, offMs: 300 }, at(86_400_000, 86_400_100))).toEqual([true, false])
  })
})
