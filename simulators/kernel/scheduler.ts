/**
 * Every wait in the simulators goes through one of these, so a time scale
 * shrinks them all at once and tests can see what was scheduled.
 */
import type { RunClock } from './run-clock.ts'

export interface Scheduler {
  /** Wall ms one virtual ms lasts now (0.01: a 10 s window lasts 100 ms); for reports only, waits already apply it. */
  readonly timeScale: number
  /** Runs `task` after `ms` milliseconds of virtual time (waited in wall time here). */
  after(ms: number, task: () => void): { cancel(): void }
}

/** A fixed scale, for the in-process mode and tests without a run clock. */
export function realScheduler(timeScale = 1): Scheduler {
  return {
    timeScale,
    after(ms, task) {
      const handle = setTimeout(task, Math.max(0, ms * timeScale))
      return { cancel: () => clearTimeout(handle) }
    },
  }
}

/**
 * Waits at the run clock's scale when they start. A short wait (a latency
 * fault, a dribble) keeps its wall length across a later jump or scale
 * change: it models the wire, not the calendar.
 */
export function clockScheduler(clock: Pick<RunClock, 'timeScale' | 'wallMsFor'>): Scheduler {
  return {
    get timeScale() {
      return clock.timeScale
    },
    after(ms, task) {
      const handle = setTimeout(task, Math.max(0, clock.wallMsFor(ms)))
      return { cancel: () => clearTimeout(handle) }
    },
  }
}
