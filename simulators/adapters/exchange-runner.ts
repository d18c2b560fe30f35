import { performance } from 'node:perf_hooks'
import type { Clock } from '../kernel/clock.ts'
import type { Outcome, ProviderCore, SimRequest } from '../kernel/exchange.ts'
import type { Ledger } from '../ledger/ledger.ts'

/** What every adapter needs to turn one request into a recorded answer. */
export interface ExchangeDeps {
  core: ProviderCore
  ledger: Ledger
  clock: Clock
}

/** Arrival facts an adapter captures before the body is read. */
export interface Arrival {
  startedAt: number
  startedAtMs: number
}

export function arrive(clock: Clock): Arrival {
  return { startedAt: clock.now(), startedAtMs: performance.now() }
}

const NO_FAULTS: readonly string[] = Object.freeze([])

/**
 * Asks the provider core for its answer, hands it to `write`, then records the
 * exchange. Synchronous when the core is (the common, cached case), so the
 * hot path allocates no promise.
 */
export function runExchange(deps: ExchangeDeps, request: SimRequest, arrival: Arrival, write: (outcome: Outcome) => void): void {
  let decided: Outcome | Promise<Outcome>
  try {
    decided = deps.core.handle(request)
  } catch (error) {
    decided = internalError(error)
  }
  if (decided instanceof Promise) {
    decided.then(
      (outcome) => finish(deps, request, arrival, outcome, write),
      (error: unknown) => finish(deps, request, arrival, internalError(error), write),
    )
  } else finish(deps, request, arrival, decided, write)
}

function finish(deps: ExchangeDeps, request: SimRequest, arrival: Arrival, outcome: Outcome, write: (outcome: Outcome) => void): void {
  write(outcome)
  deps.ledger.append({
    provider: deps.core.name,
    request,
    response: outcome.response,
    note: outcome.note,
    startedAt: arrival.startedAt,
    durationMs: performance.now() - arrival.startedAtMs,
    faults: NO_FAULTS,
  })
}

let warned = false

/** A provider core bug must not crash the simulator or leak a stack trace to the client. */
function internalError(error: unknown): Outcome {
  if (!warned) {
    warned = true
    process.emitWarning(`pushsim: provider core threw (answered 500): ${error instanceof Error ? error.stack : String(error)}`)
  }
  return {
    kind: 'respond',
    response: { status: 500, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'pushsim internal error\n' },
    note: { reason: 'pushsim-internal-error' },
  }
}
