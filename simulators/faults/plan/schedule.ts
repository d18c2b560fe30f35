/**
 * Per-fault schedule state. The engine calls `active()` once per exchange the
 * fault matches, in arrival order (before drawing the probability), so the
 * counters count matching exchanges.
 *
 * Time: `elapsedMs` is virtual time (the run clock's ms) since the
 * simulators started, so the durations are compared as written: the time
 * scale speeds the clock up, and a clock jump moves past a window.
 */
import type { Schedule } from '../spec.ts'

export interface ScheduleInput {
  /** Virtual milliseconds since the simulators started. */
  elapsedMs: number
  /** Device token, registration token or subscription id; `first` counts per target. */
  target?: string
}

export interface ScheduleState {
  active(input: ScheduleInput): boolean
}

export interface ScheduleOptions {
  /** Targets `first` remembers at most; default 100,000. */
  maxTargets?: number
}

const DEFAULT_MAX_TARGETS = 100_000

/** @example createScheduleState({ kind: 'first', attempts: 2 }).active({ elapsedMs, target }) */
export function createScheduleState(schedule: Schedule, options: ScheduleOptions = {}): ScheduleState {
  switch (schedule.kind) {
    case 'always':
      return { active: () => true }
    case 'window': {
      const { fromMs, toMs = Number.POSITIVE_INFINITY } = schedule
      return { active: ({ elapsedMs }) => elapsedMs >= fromMs && elapsedMs < toMs }
    }
    case 'after': {
      let seen = 0
      return { active: () => seen++ >= schedule.exchanges }
    }
    case 'every': {
      const { nth, offset = 0 } = schedule
      let count = 0
      return {
        active: () => {
          count += 1
          return count > offset && (count - offset) % nth === 0
        },
      }
    }
    case 'first':
      return firstAttempts(schedule.attempts, options.maxTargets ?? DEFAULT_MAX_TARGETS)
    case 'burst': {
      const on = schedule.onMs
      const period = schedule.onMs + schedule.offMs
      return { active: ({ elapsedMs }) => elapsedMs >= 0 && elapsedMs % period < on }
    }
  }
}

/**
 * The first `attempts` exchanges per target (503, 503, then success).
 * Exchanges without a target share one count. [interp] When the map is full
 * the oldest target is forgotten, and would fail `attempts` times again.
 */
function firstAttempts(attempts: number, maxTargets: number): ScheduleState {
  const counts = new Map<string, number>()
  return {
    active: ({ target = '' }) => {
      const count = counts.get(target)
      if (count === undefined) {
        if (counts.size >= maxTargets) counts.delete(counts.keys().next().value!)
        counts.set(target, 1)
        return attempts >= 1
      }
      if (count >= attempts) return false
      counts.set(target, count + 1)
      return true
    },
  }
}
