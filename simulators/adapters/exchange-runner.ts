import { performance } from 'node:perf_hooks'
import type { Clock } from '../kernel/clock.ts'
import type { Delivery, Respond } from '../kernel/delivery.ts'
import type { ExchangeNote, Outcome, ProviderCore, SimRequest, SimResponse } from '../kernel/exchange.ts'
import type { Rng } from '../kernel/rng.ts'
import type { Scheduler } from '../kernel/scheduler.ts'
import type { WireOutcome } from '../kernel/wire-outcome.ts'
import { findEntry, renderWire, wireFor, type WireTarget } from '../catalogue/index.ts'
import { outageCode } from '../faults/engine/default-codes.ts'
import { applyFaults, type FaultedExchange } from '../faults/engine/apply.ts'
import type { FaultEngine } from '../faults/engine/engine.ts'
import { exchangeSubject, type ExchangeSubject } from '../faults/engine/subject.ts'
import type { Ledger, RecordedKind } from '../ledger/ledger.ts'
import type { InFlight } from './in-flight.ts'
import { OVERLOAD_FAULT_ID, type LoadShedder } from './overload.ts'

/** What every adapter needs to turn one request into a recorded answer. */
export interface ExchangeDeps {
  core: ProviderCore
  /**
   * Another core that owns this request, where one listener fronts two
   * (Google's front end serves FCM and Chrome's web push on one host); undefined: `core`.
   */
  routeTo?: (request: SimRequest) => ProviderCore | undefined
  ledger: Ledger
  /** The run's virtual clock: what the answers say (410 timestamps). */
  clock: Clock
  /** Wall time the ledger records as `startedAt` (the run clock maps it back); default `clock`. */
  wall?: Clock
  scheduler: Scheduler
  /** Absent: no fault injection (the in-process mode). */
  faults?: FaultEngine
  /** Ids and timestamps of fault answers (apns-id, Retry-After). */
  rng: Rng
  /** Absent: never shed (the in-process mode). */
  shedder?: LoadShedder
  /** Counts exchanges begun and not yet recorded. */
  inFlight?: InFlight
}

/** Arrival facts an adapter captures when a request's head is complete. */
export interface Arrival {
  startedAt: number
  startedAtMs: number
}

export function arrive(deps: Pick<ExchangeDeps, 'clock' | 'wall'>): Arrival {
  return { startedAt: (deps.wall ?? deps.clock).now(), startedAtMs: performance.now() }
}

const NO_FAULTS: readonly string[] = Object.freeze([])
const NOTHING: SimResponse = Object.freeze({ status: 0, headers: Object.freeze({}) as Record<string, string> })

interface Decision {
  kind: RecordedKind
  /** The answer the adapter was told to write, if any. */
  response: SimResponse
  note: ExchangeNote | undefined
  faults: readonly string[]
}

/**
 * One exchange from the end of its request until its wire fate is known.
 * The record is appended once both are in: the decision (provider core and
 * faults) and the adapter's `settle` with what reached the client. Either
 * may come first: a client can give up while a latency fault still waits.
 */
export class OpenExchange {
  private decision: Decision | undefined
  private outcome: WireOutcome | undefined
  private settledAtMs = 0
  private leftAtMs: number | undefined
  private recorded = false
  constructor(
    private readonly deps: ExchangeDeps,
    readonly request: SimRequest,
    private readonly arrival: Arrival,
    /** Connection-scoped faults, named in the record beside the exchange's own. */
    private readonly connectionFaults: readonly string[],
    /** When the request was complete (what a client's response timer counts from); its head's arrival, if it never was. */
    readonly requestEndedAtMs = performance.now(),
  ) {
    deps.inFlight?.begin()
  }

  get isSettled(): boolean {
    return this.outcome !== undefined
  }

  /**
   * The wire fate of the exchange; the first call wins. `atMs` (performance
   * time) when it was known earlier than now, such as the moment a client
   * left; `leftAtMs` when the client closed its side before an answer that
   * was still written (an HTTP/1.1 half-close).
   */
  settle(outcome: WireOutcome, atMs = performance.now(), leftAtMs?: number): void {
    if (this.outcome !== undefined) return
    this.outcome = outcome
    this.settledAtMs = atMs
    this.leftAtMs = leftAtMs
    // Hung at shutdown while a fault still waited: no decision will come before the ledger closes.
    if (this.decision === undefined && outcome.kind === 'hung') this.decision = unprocessed(this.deps.core, this.request)
    if (this.decision !== undefined) this.record()
  }

  /** @internal the runner's half. */
  decide(decision: Decision): boolean {
    if (this.recorded) return false
    this.decision = decision
    if (this.outcome === undefined) return true
    this.record()
    return false
  }

  private record(): void {
    this.recorded = true
    this.deps.inFlight?.end()
    const { kind, response, note, faults } = this.decision!
    const outcome = this.outcome!
    this.deps.ledger.append({
      delivery: kind,
      provider: this.deps.core.name,
      request: this.request,
      // Only an answer whose head reached the client is recorded as the response.
      response: outcome.status === 0 ? NOTHING : response,
      note,
      startedAt: this.arrival.startedAt,
      durationMs: this.settledAtMs - this.arrival.startedAtMs,
      wire: outcome,
      wireAfterMs: this.settledAtMs - this.requestEndedAtMs,
      wireLeftAfterMs: this.leftAtMs === undefined ? undefined : this.leftAtMs - this.requestEndedAtMs,
      faults: this.connectionFaults.length === 0 ? faults : [...this.connectionFaults, ...faults],
    })
  }
}

/** The answer whose head went out: the core's, a fault's, or the one a GOAWAY followed. */
const answered = (delivery: Delivery): SimResponse => (delivery.kind === 'respond' ? delivery.response : delivery.kind === 'goaway' && delivery.response) || NOTHING

/**
 * Decides one exchange (faults, then the provider core) and hands the
 * delivery to the adapter once any injected wait is over; the adapter
 * settles the returned exchange with what reached the wire. It stays
 * synchronous when the core is, faults or not: the hot path allocates no
 * promise, and an answer without a wait (a GOAWAY, a reset) reaches the
 * connection before any request that arrived after it is read.
 */
export function runExchange(
  listenerDeps: ExchangeDeps,
  request: SimRequest,
  arrival: Arrival,
  connectionFaults: readonly string[],
  deliver: (delivery: Delivery, exchange: OpenExchange) => void,
): OpenExchange {
  const deps = routed(listenerDeps, request)
  const exchange = new OpenExchange(deps, request, arrival, connectionFaults)
  if (deps.shedder?.shedding) {
    shed(deps, exchange, deliver)
    return exchange
  }
  const subject = deps.faults?.hasExchangeFaults ? exchangeSubject(deps.core, request) : undefined
  const pipeline = subject ? deps.faults!.decide(subject) : undefined
  if (!pipeline || pipeline.applied.length === 0) {
    const decided = handle(deps.core, request)
    if (decided instanceof Promise) decided.then((outcome) => finish(exchange, respondWith(outcome), outcome.note, NO_FAULTS, deliver))
    else finish(exchange, respondWith(decided), decided.note, NO_FAULTS, deliver)
    return exchange
  }
  const ctx = { target: wireTarget(subject!), connectionState: request.connection.state, rng: deps.rng, clock: deps.clock, apnsId: request.headers['apns-id'] }
  const faulted = applyFaults(pipeline, () => handle(deps.core, request), ctx)
  const settle = ({ waitMs, delivery, note, faultIds }: FaultedExchange): void => {
    const facts = { target: subject!.target, flavour: subject!.flavour, ...note }
    // A latency fault delays whatever comes: an answer, a reset, a GOAWAY.
    if (waitMs > 0) deps.scheduler.after(waitMs, () => finish(exchange, delivery, facts, faultIds, deliver))
    else finish(exchange, delivery, facts, faultIds, deliver)
  }
  if (faulted instanceof Promise) void faulted.then(settle)
  else settle(faulted)
  return exchange
}

/**
 * Records a request that never reached the provider: refused by the
 * adapter (over the stream limit) or abandoned before its body was complete.
 * The core still names its subject, so the entry has its target.
 */
export function recordUnprocessed(listenerDeps: ExchangeDeps, request: SimRequest, arrival: Arrival, connectionFaults: readonly string[], outcome: WireOutcome): void {
  const deps = routed(listenerDeps, request)
  const exchange = new OpenExchange(deps, request, arrival, connectionFaults, arrival.startedAtMs)
  exchange.settle(outcome)
  exchange.decide(unprocessed(deps.core, request))
}

/** The deps with the core that owns the request; the same object (no copy on the hot path) when it is the listener's own. */
function routed(deps: ExchangeDeps, request: SimRequest): ExchangeDeps {
  const other = deps.routeTo?.(request)
  return other === undefined || other === deps.core ? deps : { ...deps, core: other }
}

/** The decision of an exchange nothing decided, with the subject its core names. */
function unprocessed(core: ProviderCore, request: SimRequest): Decision {
  const subject = core.subjectOf(request)
  return { kind: 'none', response: NOTHING, note: { target: subject.target, flavour: subject.flavour }, faults: NO_FAULTS }
}

function handle(core: ProviderCore, request: SimRequest): Outcome | Promise<Outcome> {
  try {
    const decided = core.handle(request)
    return decided instanceof Promise ? decided.catch(internalError) : decided
  } catch (error) {
    return internalError(error)
  }
}

const respondWith = (outcome: Outcome): Respond => ({ kind: 'respond', response: outcome.response, ...(outcome.effect ? { effect: outcome.effect } : {}) })

function finish(exchange: OpenExchange, delivery: Delivery, note: ExchangeNote | undefined, faults: readonly string[], deliver: (delivery: Delivery, exchange: OpenExchange) => void): void {
  // A client that left while a fault still waited has its outcome already: nothing to deliver.
  if (exchange.decide({ kind: delivery.kind, response: answered(delivery), note, faults })) deliver(delivery, exchange)
}

/** The provider's own 503 with Retry-After, without asking the core: the simulators are behind. */
function shed(deps: ExchangeDeps, exchange: OpenExchange, deliver: (delivery: Delivery, exchange: OpenExchange) => void): void {
  deps.shedder!.shed++
  const subject = exchangeSubject(deps.core, exchange.request)
  const target = wireTarget(subject)
  const entry = findEntry(outageCode(target, 'unavailable'))!
  const rendered = renderWire(wireFor(entry, target)!, { target, rng: deps.rng, clock: deps.clock, retryAfterSeconds: 1, ...(exchange.request.headers['apns-id'] ? { apnsId: exchange.request.headers['apns-id'] } : {}) })
  const delivery: Delivery = rendered.kind === 'respond' ? { kind: 'respond', response: rendered.response } : { kind: 'refuse' }
  finish(exchange, delivery, { target: subject.target, flavour: subject.flavour, reason: entry.name }, SHED, deliver)
}

const SHED: readonly string[] = Object.freeze([OVERLOAD_FAULT_ID])

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
