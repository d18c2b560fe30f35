import type { Respond } from '../kernel/delivery.ts'
import type { Scheduler } from '../kernel/scheduler.ts'

/** Where an answer's body goes, for either protocol. */
export interface BodyWriter {
  /** Writes bytes; `last` marks the final piece of the answer. False when the connection is gone: writing stops and `done` is never called. */
  write(bytes: Buffer, last: boolean): boolean
  readonly scheduler: Scheduler
}

// A dribble sends ten pieces per simulated second, at least one byte each.
const PIECES_PER_SECOND = 10

/**
 * Writes a body the way a delivery shapes it: after `bodyDelayMs`, then at
 * once or at `bytesPerSecond`. `ends` says whether the last piece ends the
 * answer (a cut or a stall keeps it open). Waits are simulated ms, scaled
 * by the scheduler, so a dribble at time scale 0.01 runs 100 times faster.
 */
export function writeBody(writer: BodyWriter, body: Buffer, shape: Pick<Respond, 'bodyDelayMs' | 'bytesPerSecond'>, ends: boolean, done: () => void): void {
  const start = (): void => {
    const rate = shape.bytesPerSecond
    if (rate === undefined || body.length === 0) {
      if (writer.write(body, ends)) done()
      return
    }
    const piece = Math.max(1, Math.ceil(rate / PIECES_PER_SECOND))
    const intervalMs = (piece * 1000) / rate
    let at = 0
    const next = (): void => {
      const end = Math.min(body.length, at + piece)
      const last = end === body.length
      if (!writer.write(body.subarray(at, end), last && ends)) return
      at = end
      if (last) done()
      else writer.scheduler.after(intervalMs, next)
    }
    next()
  }
  if (shape.bodyDelayMs !== undefined && shape.bodyDelayMs > 0) writer.scheduler.after(shape.bodyDelayMs, start)
  else start()
}
