/**
 * Watches the dispatcher while the workload runs: a streamed audience
 * request may legitimately take as long as the audience's pacing, so no
 * single call's timeout can tell a slow intake from a dispatcher that stopped
 * answering. A health probe can: after a few unanswered probes in a row the
 * run records the failure as its evidence and aborts, instead of hanging.
 * A dispatcher the scenario killed on purpose is not probed until it is back.
 */
import type { RunContext } from './run-context.ts'

const PROBE_EVERY_MS = 1_000
/** Unanswered probes in a row after which the dispatcher counts as gone. */
const UNANSWERED = 3

export function watchDispatcher(ctx: RunContext, abort: () => void): () => void {
  let unanswered = 0
  let probing = false
  const timer = setInterval(() => {
    if (probing || ctx.restarting !== undefined || ctx.signal.aborted) return
    probing = true
    void ctx.client.health().then((answer) => {
      probing = false
      if (answer.ok || ctx.restarting !== undefined) return void (unanswered = 0)
      if (++unanswered < UNANSWERED) return
      ctx.failure ??= answer.error
      ctx.notes.push(`the dispatcher did not answer ${UNANSWERED} health probes in a row: ${answer.error.message}`)
      abort()
    })
  }, PROBE_EVERY_MS)
  return () => clearInterval(timer)
}
