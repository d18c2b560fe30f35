import { describe, expect, it } from 'vitest'
import { createVirtualClock } from './virtual-clock.ts'

const HOUR = 3_600_000
const settledWithin = async (promise: Promise<void>, wallMs: number): Promise<boolean> =>
  Promise.race([promise.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), wallMs))])

describe('virtual clock', () => {
  it('runs 1/timeScale as fast as the wall from its start, and jumps forward', () => {
    let wall = 1_000
    const clock = createVirtualClock({ startMs: Date.UTC(2026, 2, 28, 22), timeScale: 0.01, wall: () => wall })
    wall += 600
    expect(clock.now()).toBe(Date.UTC(2026, 2, 28, 22, 1))
    const jumped = clock.set({ now: Date.UTC(2026, 2, 29, 9), timeScale: 0.5 })
    expect(jumped).toEqual({ ok: true, value: { nowMs: Date.UTC(2026, 2, 29, 9), now: '2026-03-29T09:00:00.000Z', timeScale: 0.5 } })
    wall += 500
    expect(clock.now()).toBe(Date.UTC(2026, 2, 29, 9) + 1_000)
    expect(clock.wallMsFor(10_000)).toBe(5_000)
  })

  it('refuses a backwards jump and a bad scale, naming both, and changes nothing', () => {
    const wall = 1_000
    const clock = createVirtualClock({ startMs: 50_000, wall: () => wall })
    const refused = clock.set({ now: 49_999, timeScale: 2 })
    expect(refused.ok).toBe(false)
    if (refused.ok) return
    expect(refused.code).toBe('INVALID_ARGUMENT')
    expect(refused.problems).toHaveLength(2)
    expect(refused.problems[0]).toMatch(/never runs backwards/)
    expect(refused.problems[1]).toMatch(/timeScale must be a number in \(0, 1\], got 2/)
    expect(clock.state()).toEqual({ nowMs: 50_000, now: new Date(50_000).toISOString(), timeScale: 1 })
    expect(clock.check({ timeScale: 0 })).toHaveLength(1)
    expect(() => createVirtualClock({ timeScale: 1.5 })).toThrow(RangeError)
  })

  it('wakes a sleeper when a jump passes its virtual deadline, and only then', async () => {
    const clock = createVirtualClock()
    const sleep = clock.sleep(2 * HOUR)
    clock.set({ now: clock.now() + HOUR })
    expect(await settledWithin(sleep, 30)).toBe(false)
    clock.set({ now: clock.now() + HOUR })
    expect(await settledWithin(sleep, 30)).toBe(true)
  })

  it('re-arms sleepers on a scale change: a faster clock ends the wait sooner', async () => {
    const clock = createVirtualClock()
    const sleep = clock.sleep(5_000)
    clock.set({ timeScale: 0.001 })
    expect(await settledWithin(sleep, 200)).toBe(true)
  })

  it('sleeps 0 through a timer, so a worker loop sleeping 0 still lets I/O run', async () => {
    const clock = createVirtualClock()
    let macrotaskRan = false
    setImmediate(() => (macrotaskRan = true))
    for (let i = 0; i < 3 && !macrotaskRan; i++) await clock.sleep(0)
    expect(macrotaskRan).toBe(true)
  })

  it('ends a sleep when its signal aborts', async () => {
    const clock = createVirtualClock()
    const controller = new AbortController()
    const sleep = clock.sleep(HOUR, controller.signal)
    controller.abort()
    expect(await settledWithin(sleep, 30)).toBe(true)
  })
})

describe('rewinding a fresh clock', () => {
  it('moves back only when asked to rewind, and a sleeper keeps what it had left to wait', async () => {
    let wall = 1_000_000
    const clock = createVirtualClock({ startMs: Date.UTC(2026, 11, 3), wall: () => wall })
    expect(clock.check({ now: Date.UTC(2026, 2, 1) })).toHaveLength(1)
    expect(clock.check({ now: Date.UTC(2026, 2, 1) }, { rewind: true })).toEqual([])
    let woke = false
    void clock.sleep(60_000).then(() => (woke = true))
    const set = clock.set({ now: Date.UTC(2026, 2, 1) }, { rewind: true })
    expect(set.ok && set.value.now).toBe('2026-03-01T00:00:00.000Z')
    await new Promise((resolve) => setTimeout(resolve, 5))
    expect(woke).toBe(false)
    wall += 60_000
    clock.set({ timeScale: 1 })
    await new Promise((resolve) => setTimeout(resolve, 5))
    expect(woke).toBe(true)
  })
})
