import { describe, expect, it } from 'vitest'
import { createClockTimers } from './clock-timers.ts'
import { createRunClock } from './run-clock.ts'

const START = Date.UTC(2026, 2, 28, 21, 0)

describe('run clock', () => {
  it('runs 1/timeScale times as fast as the wall and maps wall instants back through jumps', () => {
    let wall = 1_000_000
    const clock = createRunClock({ startMs: START, timeScale: 0.01, wall: () => wall })
    wall += 600 // 0.6 s of wall time is a virtual minute
    expect(clock.now()).toBe(START + 60_000)
    const jumped = clock.set({ now: START + 86_400_000 })
    expect(jumped.ok).toBe(true)
    wall += 10
    expect(clock.now()).toBe(START + 86_400_000 + 1_000)
    expect(clock.virtualAt(1_000_300)).toBe(START + 30_000)
    expect(clock.virtualAt(wall)).toBe(clock.now())
    expect(clock.state().segments).toHaveLength(2)
  })

  it('a frozen clock stands at its start until resumed, then runs from there', () => {
    let wall = 5_000
    const clock = createRunClock({ startMs: START, timeScale: 0.5, wall: () => wall, frozen: true })
    wall += 1_000
    expect(clock.now()).toBe(START)
    clock.resume()
    wall += 500
    expect(clock.now()).toBe(START + 1_000)
    expect(clock.virtualAt(wall)).toBe(START + 1_000)
  })

  it('refuses to run backwards or at a scale outside (0, 1], naming both problems', () => {
    const clock = createRunClock({ startMs: START, timeScale: 0.5 })
    const result = clock.set({ now: START - 1, timeScale: 2 })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.message).toMatch(/never runs backwards.*timeScale must be/)
    expect(() => createRunClock({ timeScale: 0 })).toThrow(RangeError)
  })
})

describe('clock timers', () => {
  it('fire in virtual order, and a jump fires everything it passes at once', async () => {
    const clock = createRunClock({ startMs: START, timeScale: 1 })
    const timers = createClockTimers(clock)
    const fired: string[] = []
    timers.at(START + 3_600_000, () => fired.push('an hour'))
    timers.at(START + 86_400_000, () => fired.push('a day'))
    timers.at(START + 7 * 86_400_000, () => fired.push('a week'))
    const soon = timers.sleep(5)
    await soon
    expect(fired).toEqual([])
    clock.set({ now: START + 2 * 86_400_000 })
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(fired).toEqual(['an hour', 'a day'])
    expect(timers.pending).toBe(1)
    timers.close()
  })

  it('a cancelled or aborted wait never fires', async () => {
    const clock = createRunClock({ startMs: START, timeScale: 0.001 })
    const timers = createClockTimers(clock)
    let fired = false
    timers.at(START + 1_000, () => (fired = true)).cancel()
    const controller = new AbortController()
    const waiting = timers.sleep(3_600_000, controller.signal)
    controller.abort()
    await waiting
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(fired).toBe(false)
    expect(timers.pending).toBe(0)
    timers.close()
  })
})
