/**
 * Every wait in the simulators goes through one of these, so a time scale
 * shrinks them all at once and tests can see what was scheduled.
 */
export interface Scheduler {
  /** Multiplies every duration the simulators wait or announce (0.01: a 10 s window lasts 100 ms). */
  readonly timeScale: number
  /** Runs `task` after `ms` milliseconds of simulated time (scaled here). */
  after(ms: number, task: () => void): { cancel(): void }
}

export function realScheduler(timeScale = 1): Scheduler {
  return {
    timeScale,
    after(ms, task) {
      const handle = setTimeout(task, Math.max(0, ms * timeScale))
      return { cancel: () => clearTimeout(handle) }
    },
  }
}
