/**
 * The run's virtual calendar (architecture.md "One clock per run"): a
 * piecewise-linear map from wall time to virtual time. Between jumps the
 * virtual clock runs `1 / timeScale` times as fast as the wall (0.01: a
 * virtual minute lasts 0.6 real seconds); a jump moves it forward at once
 * (next day, next week). Every segment is kept, so a wall instant recorded
 * in the ledger maps back to the virtual instant it happened at.
 */
import { fail, ok, simError, type Result } from './errors.ts'
import type { Clock } from './clock.ts'

export interface ClockSegment {
  /** Wall instant the segment starts (epoch ms). */
  wallMs: number
  /** Virtual instant at that wall instant (epoch ms). */
  virtualMs: number
  /** Wall ms one virtual ms lasts in this segment. */
  timeScale: number
}

export interface ClockState {
  /** Virtual now, epoch ms. */
  nowMs: number
  /** Virtual now, ISO 8601 UTC. */
  now: string
  timeScale: number
  /** Every segment since the clock started, oldest first. */
  segments: readonly ClockSegment[]
}

export interface ClockChange {
  /** Jump to this virtual instant (epoch ms); never backwards. */
  now?: number
  /** From now on, wall ms per virtual ms (0 < timeScale ≤ 1). */
  timeScale?: number
}

export interface RunClock extends Clock {
  readonly timeScale: number
  /** Wall ms a virtual duration lasts at the current scale. */
  wallMsFor(virtualMs: number): number
  /** The virtual instant of a wall instant, through the recorded segments. */
  virtualAt(wallMs: number): number
  set(change: ClockChange): Result<ClockState>
  state(): ClockState
  /** Called after every jump or scale change. */
  onChange(listener: (state: ClockState) => void): () => void
  /** Starts a clock created `frozen`: from now on it runs from its start instant. */
  resume(): void
}

export interface RunClockOptions {
  /** Virtual start instant (default: the wall's now). */
  startMs?: number
  /** Default 1 (virtual time is wall time). */
  timeScale?: number
  /** The wall clock (tests pass a manual one). */
  wall?: () => number
  /**
   * Stands still at its start until `resume()`: a run sets up (simulators,
   * audience, dispatcher) before its calendar begins, so the first phase
   * starts at the instant the scenario names, not that much later.
   */
  frozen?: boolean
}

export function createRunClock(options: RunClockOptions = {}): RunClock {
  const wall = options.wall ?? Date.now
  const firstScale = options.timeScale ?? 1
  const scaleProblem = checkScale(firstScale)
  if (scaleProblem !== undefined) throw new RangeError(scaleProblem)
  const startWall = wall()
  const segments: ClockSegment[] = [{ wallMs: startWall, virtualMs: options.startMs ?? startWall, timeScale: firstScale }]
  const listeners = new Set<(state: ClockState) => void>()
  let frozen = options.frozen === true
  const current = (): ClockSegment => segments[segments.length - 1]!
  const virtualIn = (segment: ClockSegment, wallMs: number): number => (frozen ? segment.virtualMs : segment.virtualMs + (wallMs - segment.wallMs) / segment.timeScale)
  const now = (): number => Math.floor(virtualIn(current(), wall()))
  const state = (): ClockState => {
    const nowMs = now()
    return { nowMs, now: new Date(nowMs).toISOString(), timeScale: current().timeScale, segments: segments.map((segment) => ({ ...segment })) }
  }

  return {
    now,
    get timeScale() {
      return current().timeScale
    },
    wallMsFor: (virtualMs) => virtualMs * current().timeScale,
    virtualAt(wallMs) {
      let segment = segments[0]!
      for (const candidate of segments) if (candidate.wallMs <= wallMs) segment = candidate
      return Math.floor(virtualIn(segment, wallMs))
    },
    set(change) {
      const problems: string[] = []
      const nowMs = virtualIn(current(), wall())
      if (change.now !== undefined && !(Number.isFinite(change.now) && change.now >= Math.floor(nowMs))) {
        problems.push(`now must be an instant at or after the clock's now (${new Date(Math.floor(nowMs)).toISOString()}): the clock never runs backwards`)
      }
      if (change.timeScale !== undefined) {
        const problem = checkScale(change.timeScale)
        if (problem !== undefined) problems.push(problem)
      }
      if (problems.length > 0) return fail(simError('INVALID_ARGUMENT', `Failed to set the clock: ${problems.join('; ')}.`))
      segments.push({ wallMs: wall(), virtualMs: Math.max(nowMs, change.now ?? nowMs), timeScale: change.timeScale ?? current().timeScale })
      const next = state()
      for (const listener of listeners) listener(next)
      return ok(next)
    },
    state,
    resume() {
      if (!frozen) return
      frozen = false
      const segment = current()
      segment.wallMs = wall()
      const next = state()
      for (const listener of listeners) listener(next)
    },
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}

function checkScale(timeScale: number): string | undefined {
  return Number.isFinite(timeScale) && timeScale > 0 && timeScale <= 1 ? undefined : `timeScale must be a number in (0, 1], got ${timeScale}`
}
