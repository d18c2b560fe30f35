import type { AttemptOutcome, Store } from '../store/store.ts'
import { runAttempt, type AttemptDeps } from './attempt.ts'
import { CHANNELS_OF, type ProviderGroup } from './settings.ts'

export interface Workers {
  /** New work may be due: stop sleeping. */
  wake(): void
  /** Attempts in flight right now, per provider. */
  inFlight(): number
  /** Stops claiming, waits for attempts in flight to be recorded. */
  stop(): Promise<void>
}

/** The longest a worker sleeps without being woken, in wall ms, so a missed wake costs at most this. */
const MAX_IDLE_WALL_MS = 250
/** Free slots a worker waits for before claiming again, while attempts are in flight. */
const CLAIM_BATCH = 32
/** TTL expiry is swept this often (wall ms), not per claim (claims already skip expired deliveries). */
const EXPIRY_SWEEP_WALL_MS = 1_000

/**
 * One loop per provider: claim due deliveries up to the free in-flight
 * slots (the claim is committed before any send), run their attempts
 * concurrently, record each outcome, and sleep until the next is due.
 * Sleeps are on the run clock, so a jump past the next due time (a DND
 * delay, a local time, a backoff) wakes the worker at once.
 */
export function startWorkers(store: Store, deps: AttemptDeps, concurrency: Record<ProviderGroup, number>): Workers {
  let running = true
  const wakers = new Set<AbortController>()
  const inFlight: Record<ProviderGroup, number> = { apns: 0, fcm: 0, webpush: 0 }
  const settled: Promise<void>[] = []
  // Outcomes that finish in the same turn of the event loop are recorded in one transaction. Until
  // recorded, a delivery stays `attempting` with its attempt counted: a crash re-sends it (same identity).
  let outcomes: { outcome: AttemptOutcome; done: () => void }[] = []
  const recordLater = (outcome: AttemptOutcome): Promise<void> =>
    new Promise((resolve) => {
      if (outcomes.length === 0) setImmediate(recordAll)
      outcomes.push({ outcome, done: resolve })
    })
  const recordAll = () => {
    const batch = outcomes
    outcomes = []
    try {
      store.batch(() => {
        for (const { outcome } of batch) store.recordAttempt(outcome)
      })
    } catch (error) {
      // The database refused (disk full, I/O): these stay `attempting` and are re-sent after a restart.
      process.emitWarning(`dispatcher: failed to record ${batch.length} attempt outcomes: ${String(error)}`)
    }
    for (const { done } of batch) done()
  }

  const wake = () => {
    for (const controller of wakers) controller.abort()
    wakers.clear()
  }

  const loop = async (group: ProviderGroup): Promise<void> => {
    const pending = new Set<Promise<void>>()
    let swept = -Infinity
    while (running) {
      const now = deps.clock.now()
      // Wall intervals expressed in virtual ms at the scale of the moment: polling costs the same at any scale.
      const perWallMs = 1 / deps.clock.timeScale
      // `now < swept`: the clock was set back before first use (a run rewinds it to its calendar); sweep again from there.
      if (now < swept || now - swept >= EXPIRY_SWEEP_WALL_MS * perWallMs) {
        store.expireDue(now)
        swept = now
      }
      const free = concurrency[group] - inFlight[group]
      // Claim in batches: one claim transaction per finished attempt (a wake storm) costs more than the sends.
      const batch = Math.min(CLAIM_BATCH, concurrency[group])
      const claimed = free >= batch || (free > 0 && inFlight[group] === 0) ? store.claimDue(now, free, CHANNELS_OF[group]) : []
      for (const due of claimed) {
        inFlight[group]++
        const attempt = runAttempt(due, deps)
          .then(recordLater)
          .catch((error: unknown) => process.emitWarning(`dispatcher: attempt of ${due.delivery.id} failed unexpectedly: ${String(error)}`))
          .finally(() => {
            inFlight[group]--
            pending.delete(attempt)
            wake()
          })
        pending.add(attempt)
      }
      if (claimed.length > 0 && inFlight[group] < concurrency[group]) continue
      const controller = new AbortController()
      wakers.add(controller)
      const nextDue = store.nextDueAt()
      const idleMs = MAX_IDLE_WALL_MS * perWallMs
      const waitMs = nextDue === undefined ? idleMs : Math.min(idleMs, Math.max(0, nextDue - deps.clock.now()))
      await deps.clock.sleep(waitMs, controller.signal)
      wakers.delete(controller)
    }
    await Promise.allSettled(pending)
  }

  for (const group of Object.keys(concurrency) as ProviderGroup[]) settled.push(loop(group))
  return {
    wake,
    inFlight: () => inFlight.apns + inFlight.fcm + inFlight.webpush,
    stop: async () => {
      running = false
      wake()
      await Promise.all(settled)
    },
  }
}
