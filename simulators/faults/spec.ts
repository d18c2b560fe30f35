import type { ProviderName } from '../kernel/exchange.ts'
import type { RegisteredAttributes, RegisteredFaultType } from './types/index.ts'

/**
 * The fault language: a fault is data, `{ type, match, probability, schedule, attributes }`.
 * Plans come from files, CLI shorthand or the admin API and are validated
 * before use; every problem is reported at once, with its path. The fault
 * types and their attributes are defined one per file in ./types/ and
 * listed in ./types/index.ts; the types below are derived from there.
 */
export type FaultType = RegisteredFaultType

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

/** Attributes per fault type (each type's file documents its own). */
export type FaultAttributes = RegisteredAttributes

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
