/**
 * The run clock the simulators read, from what a caller gave: a RunClock as
 * is, a plain Clock (a test's manualClock) as its wall, or none (the system
 * wall). Virtual time equals the wall at scale 1, so a plain clock keeps its
 * meaning.
 */
import type { Clock } from './clock.ts'
import { createRunClock, type RunClock } from './run-clock.ts'

export function isRunClock(clock: Clock): clock is RunClock {
  const candidate = clock as Partial<RunClock>
  return typeof candidate.state === 'function' && typeof candidate.wallMsFor === 'function' && typeof candidate.virtualAt === 'function'
}

/** Throws a RangeError on a bad scale, or a scale given beside a RunClock that has another (its own governs). */
export function runClockOf(clock: Clock | undefined, timeScale: number | undefined): RunClock {
  if (clock !== undefined && isRunClock(clock)) {
    if (timeScale !== undefined && timeScale !== clock.timeScale) {
      throw new RangeError(`timeScale ${timeScale} conflicts with the run clock's ${clock.timeScale}: set the scale on the clock`)
    }
    return clock
  }
  return createRunClock({ timeScale: timeScale ?? 1, ...(clock === undefined ? {} : { wall: () => clock.now() }) })
}
