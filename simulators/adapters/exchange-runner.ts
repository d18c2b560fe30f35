import { performance } from 'node:perf_hooks'
import type { Clock } from '../kernel/clock.ts'
import type { Delivery } from '../kernel/delivery.ts'
import type { ExchangeNote, Outcome, ProviderCore, SimRequest, SimResponse } from '../kernel/exchange.ts'
import type { Rng } from '../kernel/rng.ts'
import type { Scheduler } from '../kernel/scheduler.ts'
import type { WireTarget } from '../faults/catalogue/types.ts'
import { applyFaults, type FaultedExchange } from '../faults/engine/apply.ts'
import type { FaultEngine } from '../faults/engine/engine.ts'
import { subjectOf, type ExchangeSubject } from '../faults/engine/subject.ts'
import type { Ledger } from '../ledger/ledger.ts'

/** What every adapter needs to turn one request into a recorded answer. */
export interface ExchangeDeps {
  core: ProviderCore
  ledger: Ledger
  clock: Clock
  scheduler: Scheduler
  /** Absent: no fault injection (the in-process mode). */
  faults?: FaultEngine
  /** Ids and timestamps of fault answers (apns-id, Retry-After). */
  rng: Rng
  apnsDefaultEnvironment: 'sandbox' | 'production'
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
const NO_RESPONSE: SimResponse = Object.freeze({ status: 0, headers: Object.freeze({}) as Record<string, string> })

/**
 * Decides one exchange (faults, then the provider core), hands the delivery
 * to the adapter once any injected wait is over, and records it. It stays
 * synchronous when the core is, faults or not: the hot path allocates no
 * promise, and an answer without a wait (a GOAWAY, a reset) reaches the
 * connection before any request that arrived after it is read.
 */
export function runExchange(deps: ExchangeDeps, request: SimRequest, arrival: Arrival, deliver: (delivery: Delivery) => void): void {
  const subject = deps.faults?.hasExchangeFaults ? subjectOf(deps.core.name, request, deps.apnsDefaultEnvironment) : undefined
  const pipeline = subject ? deps.faults!.decide(subject) : undefined
  if (!pipeline || pipeline.applied.length === 0) {
    const decided = handle(deps.core, request)
    if (decided instanceof Promise) decided.then((outcome) => finish(deps, request, arrival, respondWith(outcome), outcome.note, NO_FAULTS, deliver))
    else finish(deps, request, arrival, respondWith(decided), decided.note, NO_FAULTS, deliver)
    return
  }
  const ctx = { target: wireTarget(subject!), connectionState: request.connection.state, rng: deps.rng, clock: deps.clock, timeScale: deps.scheduler.timeScale, apnsId: request.headers['apns-id'] }
  const faulted = applyFaults(pipeline, () => handle(deps.core, request), ctx)
  const settle = ({ delivery, note, faultIds }: FaultedExchange): void => {
    const facts = { target: subject!.target, flavour: subject!.flavour, ...note }
    const headersDelayMs = delivery.kind === 'respond' ? (delivery.headersDelayMs ?? 0) : 0
    if (headersDelayMs > 0) deps.scheduler.after(headersDelayMs, () => finish(deps, request, arrival, delivery, facts, faultIds, deliver))
    else finish(deps, request, arrival, delivery, facts, faultIds, deliver)
  }
  if (faulted instanceof Promise) void faulted.then(settle)
  else settle(faulted)
}

function handle(core: ProviderCore, request: SimRequest): Outcome | Promise<Outcome> {
  try {
    const decided = core.handle(request)
    return decided instanceof Promise ? decided.catch(internalError) : decided
  } catch (error) {
    return internalError(error)
  }
}

const respondWith = (outcome: Outcome): Delivery => ({ kind: 'respond', response: outcome.response, ...(outcome.effect ? { effect: outcome.effect } : {}) })

function finish(deps: ExchangeDeps, request: SimRequest, arrival: Arrival, delivery: Delivery, note: ExchangeNote | undefined, faults: readonly string[], deliver: (delivery: Delivery) => void): void {
  deliver(delivery)
  deps.ledger.append({
    provider: deps.core.name,
    request,
    response: delivery.kind === 'respond' ? delivery.response : (delivery.kind === 'goaway' && delivery.response) || NO_RESPONSE,
    delivery: delivery.kind,
    note,
    startedAt: arrival.startedAt,
    durationMs: performance.now() - arrival.startedAtMs,
    faults,
  })
}

/** Where a fault's catalogue answer is rendered: the provider, or the Web Push flavour. */
function wireTarget(subject: ExchangeSubject): WireTarget {
  if (subject.provider !== 'webpush') return subject.provider
  return (subject.flavour as WireTarget | undefined) ?? 'firefox'
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
