/**
 * The dispatcher's own run clock (architecture.md "One clock per run"; it
 * shares no code with the simulators'): virtual time runs 1/timeScale as fast
 * as the wall — now = segment.virtual + (wall − segment.wall) / timeScale —
 * and jumps forward on request (next day, next week). Every duration of the
 * dispatcher (backoff, Retry-After, TTL, DND, token lifetimes) is virtual;
 * only wall timers (sleeps, provider timeouts) convert through `wallMsFor`.
 */
import type { Clock } from './clock.ts'

export interface ClockState {
  /** Virtual now, epoch ms. */
  nowMs: number
  /** Virtual now, ISO 8601 UTC. */
  now: string
  timeScale: number
}

export interface ClockChange {
  /** Jump to this virtual instant (epoch ms); never backwards. */
  now?: number
  /** From now on, wall ms per virtual ms, in (0, 1]. */
  timeScale?: number
}

export type ClockResult = { ok: true; value: ClockState } | { ok: false; code: 'INVALID_ARGUMENT'; problems: string[] }

export interface VirtualClock extends Clock {
  /** Wall ms a virtual duration lasts at the current scale. */
  wallMsFor(virtualMs: number): number
  /** Every problem with a change, without applying it (empty: acceptable). `rewind` allows a backwards move. */
  check(change: ClockChange, options?: { rewind?: boolean }): string[]
  /**
   * Applies a change (forward jump, new scale) and wakes sleepers whose virtual deadline it passed.
   * With `rewind` the clock may also move back (only before it has been used: see the service), and
   * sleepers keep their remaining time.
   */
  set(change: ClockChange, options?: { rewind?: boolean }): ClockResult
  state(): ClockState
}

export interface VirtualClockOptions {
  /** Virtual start (default: the wall's now). */
  startMs?: number
  /** Default 1: virtual time is wall time. */
  timeScale?: number
  /** The wall (tests pass a manual one). */
  wall?: () => number
}

interface Sleeper {
  deadline: number
  timer: NodeJS.Timeout | undefined
  done(): void
}

export function scaleProblem(timeScale: unknown): string | undefined {
  return typeof timeScale === 'number' && Number.isFinite(timeScale) && timeScale > 0 && timeScale <= 1 ? undefined : `timeScale must be a number in (0, 1], got ${String(timeScale)}`
}

export function createVirtualClock(options: VirtualClockOptions = {}): VirtualClock {
  const wall = options.wall ?? Date.now
  const firstProblem = scaleProblem(options.timeScale ?? 1)
  if (firstProblem !== undefined) throw new RangeError(`Failed to start the clock: ${firstProblem}.`)
  const startWall = wall()
  let segment = { wall: startWall, virtual: options.startMs ?? startWall, scale: options.timeScale ?? 1 }
  // Per-sleeper wall timers, re-armed on every change: the engine has a handful of sleepers
  // (one worker per provider, intake back-pressure, settle polls), so a heap would buy nothing.
  const sleepers = new Set<Sleeper>()

  const exact = () => segment.virtual + (wall() - segment.wall) / segment.scale
  // Whole ms: every instant lands in INTEGER columns.
  const now = () => Math.floor(exact())
  const state = (): ClockState => {
    const nowMs = now()
    return { nowMs, now: new Date(nowMs).toISOString(), timeScale: segment.scale }
  }
  const arm = (sleeper: Sleeper) => {
    clearTimeout(sleeper.timer)
    const left = sleeper.deadline - now()
    if (left <= 0) return sleeper.done()
    // Rounded up, and re-checked when it fires: the floor in now() could otherwise wake it a hair early.
    sleeper.timer = setTimeout(() => arm(sleeper), Math.max(1, Math.ceil(left * segment.scale)))
  }
  const check = (change: ClockChange, options: { rewind?: boolean } = {}): string[] => {
    const problems: string[] = []
    if (change.now !== undefined) {
      const current = now()
      if (!Number.isFinite(change.now)) problems.push(`now must be an instant, got ${String(change.now)}`)
      else if (change.now < current && !options.rewind) problems.push(`now ${isoOr(change.now)} is before the clock's now ${new Date(current).toISOString()}: the clock never runs backwards`)
    }
    if (change.timeScale !== undefined) {
      const problem = scaleProblem(change.timeScale)
      if (problem !== undefined) problems.push(problem)
    }
    return problems
  }

  return {
    now,
    get timeScale() {
      return segment.scale
    },
    wallMsFor: (virtualMs) => virtualMs * segment.scale,
    sleep: (virtualMs, signal) =>
      new Promise<void>((resolve) => {
        if (signal?.aborted) return resolve()
        const sleeper: Sleeper = {
          deadline: now() + Math.max(0, virtualMs),
          timer: undefined,
          done() {
            clearTimeout(sleeper.timer)
            sleepers.delete(sleeper)
            signal?.removeEventListener('abort', sleeper.done)
            resolve()
          },
        }
        sleepers.add(sleeper)
        signal?.addEventListener('abort', sleeper.done, { once: true })
        // Always through a timer, even for 0: a loop that sleeps 0 must still yield to I/O.
        sleeper.timer = setTimeout(() => arm(sleeper), Math.max(0, Math.ceil(virtualMs * segment.scale)))
      }),
    check,
    set(change, options = {}) {
      const problems = check(change, options)
      if (problems.length > 0) return { ok: false, code: 'INVALID_ARGUMENT', problems }
      const at = wall()
      const current = segment.virtual + (at - segment.wall) / segment.scale
      const next = change.now === undefined ? current : options.rewind ? change.now : Math.max(current, change.now)
      // Moving back, a sleeper keeps what it had left to wait rather than waiting out the rewind.
      if (next < current) for (const sleeper of sleepers) sleeper.deadline += next - current
      segment = { wall: at, virtual: next, scale: change.timeScale ?? segment.scale }
      for (const sleeper of [...sleepers]) arm(sleeper)
      // The state at the instant of the change: reading the wall again could add a ms or two of drift.
      const nowMs = Math.floor(next)
      return { ok: true, value: { nowMs, now: new Date(nowMs).toISOString(), timeScale: segment.scale } }
    },
    state,
  }
}

const isoOr = (ms: number): string => {
  const date = new Date(ms)
  return Number.isNaN(date.getTime()) ? String(ms) : date.toISOString()
}
