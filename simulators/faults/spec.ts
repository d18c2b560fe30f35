import type { ProviderName } from '../kernel/exchange.ts'

/**
 * The fault language: a fault is data, `{ type, match, probability, schedule, attributes }`.
 * Plans come from files, CLI shorthand or the admin API and are validated
 * before use; every problem is reported at once, with its path.
 */
export type FaultType =
  | 'error'
  | 'latency'
  | 'hang'
  | 'reset'
  | 'close'
  | 'slow-connect'
  | 'rst-stream'
  | 'goaway'
  | 'max-streams'
  | 'refuse-stream'
  | 'outage'
  | 'rate-limit'

/** Exact value, one of a set, or a regular expression. */
export type StringMatch = string | readonly string[] | { pattern: string }

export interface FaultMatch {
  provider?: ProviderName | readonly ProviderName[]
  /** Web Push browser, APNs environment (sandbox|production) or FCM project. */
  flavour?: StringMatch
  /** The request path (query included). */
  route?: StringMatch
  /** Device token, registration token (or `topic:<t>`), or subscription id. */
  target?: StringMatch
  /** Lower-case header name → value. */
  headers?: Readonly<Record<string, StringMatch>>
  /** 1-based ordinal of the connection on its listener: one, a set, or a range. */
  connection?: number | readonly number[] | { from?: number; to?: number }
}

export type Schedule =
  | { kind: 'always' }
  /** Active from `fromMs` to `toMs` after the simulators started (scaled by the time scale). */
  | { kind: 'window'; fromMs: number; toMs?: number }
  /** Active once `exchanges` matching exchanges have gone by. */
  | { kind: 'after'; exchanges: number }
  /** Every `nth` matching exchange (the nth, 2nth, …), shifted by `offset`. */
  | { kind: 'every'; nth: number; offset?: number }
  /** The first `attempts` matching exchanges per target (503, 503, then success). */
  | { kind: 'first'; attempts: number }
  /** On for `onMs`, off for `offMs`, repeating from start (scaled). */
  | { kind: 'burst'; onMs: number; offMs: number }

export type Distribution =
  | { kind: 'fixed'; ms: number }
  | { kind: 'uniform'; minMs: number; maxMs: number }
  | { kind: 'normal'; meanMs: number; stdDevMs: number }
  /** Given by its median and 99th percentile, as latency is usually described. */
  | { kind: 'lognormal'; medianMs: number; p99Ms: number }
  /** Heavy tail: P(X > x) = (scaleMs / x)^shape for x ≥ scaleMs. */
  | { kind: 'pareto'; scaleMs: number; shape: number }

/** Attributes per fault type. */
export interface FaultAttributes {
  error: { code: string; retryAfterSeconds?: number }
  latency: { distribution: Distribution; stage?: 'headers' | 'body' }
  hang: Record<string, never>
  reset: Record<string, never>
  close: { afterBytes: number }
  'slow-connect': { distribution: Distribution }
  'rst-stream': { code: number | string }
  goaway: { code?: number | string; lastStreamId?: number; reason?: string }
  /**
   * `always`: advertise `value` with the answer. `after-rejection`: APNs' observed collapse, `value`
   * after a 4xx/5xx answer and `restore` (default 1000) after the next success on that connection.
   */
  'max-streams': { value: number; when?: 'always' | 'after-rejection'; restore?: number }
  'refuse-stream': Record<string, never>
  outage: { retryAfterSeconds?: number; form?: 'unavailable' | 'shutdown' }
  'rate-limit': {
    key: 'global' | 'project' | 'connection' | 'target' | 'topic'
    capacity: number
    refillPerSecond: number
    /** Catalogue entry to answer with; default: the provider's own rate-limit answer. */
    code?: string
    retryAfterSeconds?: number
  }
}

export type FaultSpec = {
  [T in FaultType]: {
    /** Assigned (`f1`, `f2`, …) when absent; names the fault in the ledger. */
    id?: string
    type: T
    match?: FaultMatch
    /** 0..1, default 1: drawn per exchange from the fault's own seeded stream. */
    probability?: number
    schedule?: Schedule
    attributes: FaultAttributes[T]
  }
}[FaultType]

/** One problem of a plan, with the path of the offending value (`faults[2].attributes.distribution.p99Ms`). */
export interface PlanProblem {
  path: string
  message: string
}
