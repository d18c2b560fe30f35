/**
 * Time for the dispatcher as the engine sees it: `now()` for every rule and
 * `sleep()` for every wait, both in the run's virtual time (architecture.md
 * "One clock per run"; virtual-clock.ts). Injectable for tests.
 */
export interface Clock {
  /** Virtual epoch ms. */
  now(): number
  /** Resolves once `virtualMs` of virtual time have passed (a jump counts), or at once when `signal` aborts. */
  sleep(virtualMs: number, signal?: AbortSignal): Promise<void>
  /** Wall ms one virtual ms lasts now (0 < timeScale ≤ 1). */
  readonly timeScale: number
}

/**
 * Waits about `wallMs` of real time (a poll interval, not a rule of the run):
 * at timeScale 0.01 a 10 ms poll stays 10 ms, not 0.1 ms. A jump may end it early.
 */
export function pause(clock: Clock, wallMs: number, signal?: AbortSignal): Promise<void> {
  return clock.sleep(wallMs / clock.timeScale, signal)
}
