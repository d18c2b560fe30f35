/**
 * Load shedding, the way providers shed it: when the event loop stays
 * behind (every request then waits on every other), new exchanges get the
 * provider's own 503 with Retry-After at once instead of queueing without
 * bound; and past a listener's connection limit new connections are closed
 * as they arrive. Both keep memory bounded and the process up under a load
 * it cannot serve, and every shed exchange is still in the ledger.
 *
 * Only a sustained lag sheds: a single pause (a GC, a module load, a key
 * generated at start) must never turn into errors nobody asked for.
 */
export interface OverloadOptions {
  /** Event-loop delay (ms) that counts as behind; 0 turns shedding off. */
  lagThresholdMs?: number
  /** Consecutive samples (every 50 ms of loop time) behind before shedding starts. */
  sustainedSamples?: number
  /** Open connections per listener; more are closed as they arrive. */
  maxConnections?: number
}

export const DEFAULT_LAG_THRESHOLD_MS = 250
export const DEFAULT_SUSTAINED_SAMPLES = 10
export const DEFAULT_MAX_CONNECTIONS = 4_096
const SAMPLE_MS = 50

/** The fault id that shed exchanges carry in the ledger. */
export const OVERLOAD_FAULT_ID = 'overload'

export interface LoadShedder {
  /** True while new exchanges should be refused. */
  readonly shedding: boolean
  /** Exchanges shed so far. */
  shed: number
  stop(): void
}

export function startLoadShedder(options: OverloadOptions = {}): LoadShedder {
  const threshold = options.lagThresholdMs ?? DEFAULT_LAG_THRESHOLD_MS
  const sustained = options.sustainedSamples ?? DEFAULT_SUSTAINED_SAMPLES
  let shedding = false
  let behind = 0
  let expected = performance.now() + SAMPLE_MS
  const timer =
    threshold > 0
      ? setInterval(() => {
          const now = performance.now()
          const lag = now - expected
          expected = now + SAMPLE_MS
          behind = lag > threshold ? behind + 1 : 0
          if (behind >= sustained) shedding = true
          // Caught up: serve again at once.
          else if (lag < threshold / 2) shedding = false
        }, SAMPLE_MS).unref()
      : undefined
  return {
    get shedding() {
      return shedding
    },
    shed: 0,
    stop: () => clearInterval(timer),
  }
}
