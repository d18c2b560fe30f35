/**
 * A fault type in one place (toxiproxy's shape): its name, a one-line
 * summary, its scope, how its attributes are decoded, its CLI shorthand,
 * and its behaviour. ./index.ts lists every type; validation, the
 * shorthand, the engine and the pipeline read them from there.
 *
 * Exchange-scoped types act on one exchange, in the pipeline's three stages:
 *
 *   wait (latency) ─▶ answer (first answering fault, else the provider core) ─▶ shape (the chosen answer)
 *
 * Connection-scoped types act once per accepted connection, before any
 * request: they contribute to its ConnectionBehaviour, and match on provider
 * and connection ordinal only.
 */
import type { Clock } from '../../kernel/clock.ts'
import type { Delivery, Respond } from '../../kernel/delivery.ts'
import type { Rng } from '../../kernel/rng.ts'
import type { WireTarget } from '../../catalogue/index.ts'
import type { ExchangeSubject } from '../engine/subject.ts'
import type { AttributeContext } from '../plan/attribute-readers.ts'
import type { PartParser } from '../plan/shorthand-parts.ts'

export type FaultScope = 'exchange' | 'connection'

/** The attributes of a type that takes none. */
export type NoAttributes = Record<string, never>

export interface ShorthandDefinition {
  /** The value after `<type>=`; absent: the type takes none (`webpush:hang`). */
  readonly value?: {
    readonly parse: PartParser
    /** Makes the value required; shown when it is missing (`needs a value, e.g. error=Unregistered`). */
    readonly example?: string
  }
  /** Keys only this type takes (`stage=body`), and what each sets. */
  readonly keys?: Readonly<Record<string, PartParser>>
  /** Keys the type cannot do without, with an example for the problem. */
  readonly requiredKeys?: readonly (readonly [key: string, example: string])[]
  /** One whole fault in shorthand, valid as written: for help texts and the registry's tests. */
  readonly example: string
}

/** A compiled fault as its type's hooks see it at decide time. */
export interface CompiledInstance<A, S> {
  readonly attributes: A
  /** The fault's own seeded stream (forked by its id). */
  readonly rng: Rng
  /** What `prepare` made for the fault. */
  readonly state: S
}

/** A fault that took effect, with its draws made. */
export interface AppliedInstance<A, D> {
  readonly id: string
  readonly attributes: A
  readonly drawn: D
}

export interface DrawEnv {
  /** Virtual time of the decision (the run clock's epoch ms). */
  readonly now: number
}

/** What the pipeline knows when it applies faults to one exchange. */
export interface ApplyContext {
  target: WireTarget
  /** Per-connection state of the exchange's connection (the max-streams collapse remembers itself here). */
  connectionState: Record<string, unknown>
  rng: Rng
  /** The run's virtual clock. */
  clock: Clock
  /** The request's apns-id, echoed by APNs answers. */
  apnsId: string | undefined
}

/** An answer a fault gives instead of the provider, and the reason the ledger names. */
export interface FaultAnswer {
  delivery: Delivery
  reason: string
}

/** A wait before the headers or between headers and body, in simulated ms. */
export interface FaultWait {
  stage: 'headers' | 'body'
  ms: number
}

/** The connection behaviour being built from the connection faults that apply. */
export interface ConnectionDraft {
  acceptDelayMs: number
  http2: { stallWindow?: number; ignoreSettings?: boolean; ignorePings?: boolean }
}

interface CommonDefinition<N extends string, A extends object> {
  readonly name: N
  /** One line: what the fault does. */
  readonly summary: string
  /** The attribute keys the type takes; any other key is a problem. */
  readonly attributeKeys: readonly (keyof A & string)[]
  /**
   * Reads the attributes (unknown keys already rejected), recording every
   * problem with its path; undefined when a required one is missing or wrong.
   */
  decode(c: AttributeContext): A | undefined
  readonly shorthand: ShorthandDefinition
}

export interface ExchangeFaultType<N extends string, A extends object, D = undefined, S = undefined> extends CommonDefinition<N, A> {
  readonly scope: 'exchange'
  /** Per-fault state, made once when the fault is compiled (a token bucket). */
  prepare?(attributes: A): S
  /**
   * Draws for one exchange, after match, schedule and probability, in list
   * order (from the fault's own seeded stream); null: the fault does not
   * take effect on this exchange (a rate limit with tokens left).
   */
  draw?(fault: CompiledInstance<A, S>, subject: ExchangeSubject, env: DrawEnv): D | null
  /** Stage 1: a wait. */
  wait?(fault: AppliedInstance<A, D>): FaultWait
  /** Stage 2: the fault answers by itself; undefined when it cannot here (no wire form for this target). */
  answer?(fault: AppliedInstance<A, D>, ctx: ApplyContext): FaultAnswer | undefined
  /** Stage 3: shapes the chosen answer; undefined when it leaves it as it is (then the fault is not named). */
  shape?(fault: AppliedInstance<A, D>, delivery: Respond, ctx: ApplyContext): Delivery | undefined
}

export interface ConnectionFaultType<N extends string, A extends object, D = undefined, S = undefined> extends CommonDefinition<N, A> {
  readonly scope: 'connection'
  prepare?(attributes: A): S
  /** Draws for one accepted connection; null: the fault does not take effect on it. */
  draw?(fault: CompiledInstance<A, S>, env: DrawEnv): D | null
  /** What the fault does to the connection. */
  contribute(fault: AppliedInstance<A, D>, behaviour: ConnectionDraft): void
}

export type FaultTypeDefinition<N extends string, A extends object, D = undefined, S = undefined> =
  | ExchangeFaultType<N, A, D, S>
  | ConnectionFaultType<N, A, D, S>

/** The erased forms the engine and the registry iterate over. */
export type AnyExchangeFaultType = ExchangeFaultType<string, any, any, any>
export type AnyConnectionFaultType = ConnectionFaultType<string, any, any, any>
export type AnyFaultType = AnyExchangeFaultType | AnyConnectionFaultType

/** Identity, for the types' sake: `exchangeFault<'hang', NoAttributes>({ scope: 'exchange', … })`. */
export function exchangeFault<N extends string, A extends object, D = undefined, S = undefined>(definition: ExchangeFaultType<N, A, D, S>): ExchangeFaultType<N, A, D, S> {
  return definition
}

/** Identity, for the types' sake: `connectionFault<'ping-no-ack', NoAttributes>({ scope: 'connection', … })`. */
export function connectionFault<N extends string, A extends object, D = undefined, S = undefined>(definition: ConnectionFaultType<N, A, D, S>): ConnectionFaultType<N, A, D, S> {
  return definition
}
