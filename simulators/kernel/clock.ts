/** Wall-clock source; every time-dependent rule reads time through one of these. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
}

export const systemClock: Clock = { now: () => Date.now() }

/** A clock that only moves when told to: for tests of expiry and rate rules. */
export interface ManualClock extends Clock {
  advance(ms: number): void
  set(epochMs: number): void
}

export function manualClock(startEpochMs = Date.UTC(2026, 0, 1)): ManualClock {
  let current = startEpochMs
  return {
    now: () => current,
    advance: (ms) => {
      current += ms
    },
    set: (epochMs) => {
      current = epochMs
    },
  }
}
