/**
 * Time for the dispatcher: `now()` for every rule and `sleep()` for every
 * wait, injectable for tests. Wall time throughout: providers speak it on
 * the wire (Retry-After, TTL), so the dispatcher's time scale shrinks only its
 * own settings (backoff, timeouts; see `scalePolicy`), never what a provider said.
 */
export interface Clock {
  now(): number
  /** Resolves after `ms`, or at once when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal?.aborted) return resolve()
      const done = () => {
        signal?.removeEventListener('abort', done)
        clearTimeout(timer)
        resolve()
      }
      const timer = setTimeout(done, Math.max(0, ms))
      signal?.addEventListener('abort', done, { once: true })
    }),
}
