import type { Clock } from '../../kernel/clock.ts'
import { NORMAL_CONNECTION, type ConnectionBehaviour } from '../../kernel/connection-behaviour.ts'
import { fail, ok, simError, type Result } from '../../kernel/errors.ts'
import type { ProviderName } from '../../kernel/exchange.ts'
import { createRng, type Rng } from '../../kernel/rng.ts'
import type { Scheduler } from '../../kernel/scheduler.ts'
import { compileMatch } from '../plan/match.ts'
import { createScheduleState } from '../plan/schedule.ts'
import { validatePlan } from '../plan/validate.ts'
import type { FaultSpec, PlanProblem } from '../spec.ts'
import { faultTypeOf, type AnyConnectionFaultType, type AnyExchangeFaultType, type AnyFaultType, type ConnectionDraft, type DrawEnv } from '../types/index.ts'
import type { ExchangeSubject } from './subject.ts'

/** A fault that took effect on one exchange, with every draw already made (the pipeline is frozen). */
export interface AppliedFault {
  readonly id: string
  readonly spec: FaultSpec
  readonly attributes: FaultSpec['attributes']
  /** What its type drew at decide time (a latency's wait in simulated ms, a rate limit's retry-after…). */
  readonly drawn: unknown
  readonly type: AnyExchangeFaultType
}

export interface FaultPipeline {
  readonly applied: readonly AppliedFault[]
}

export const EMPTY_PIPELINE: FaultPipeline = Object.freeze({ applied: Object.freeze([]) })

export interface FaultEngineOptions {
  seed: string
  /** The run's virtual clock: windows, bursts and rate limits count its ms, never scaled again. */
  clock: Clock
  scheduler: Scheduler
  /** Whether a catalogue entry of that name exists (error and rate-limit codes). */
  knownCode: (name: string) => boolean
}

/**
 * The live fault registry. Faults are compiled once (regexes, schedules,
 * seeded streams forked per fault id), decided per exchange in arrival order,
 * and changes apply to exchanges that start afterwards.
 */
export interface FaultEngine {
  /** The run clock's current scale (reports only: every rule already counts virtual ms). */
  readonly timeScale: number
  /** False while no exchange-level fault exists: the adapters then skip fault work entirely. */
  readonly hasExchangeFaults: boolean
  list(): FaultSpec[]
  /** Adds one fault or a plan (`[…]` or `{faults: […]}`); nothing is added unless all of it is valid. */
  add(input: unknown): Result<FaultSpec[]>
  replace(id: string, input: unknown): Result<FaultSpec>
  remove(id: string): Result<void>
  clear(): void
  /** Decides which faults apply to one exchange. */
  decide(subject: ExchangeSubject): FaultPipeline
  /**
   * The connection-scoped faults of a newly accepted connection, decided once:
   * match (provider and ordinal), schedule (counting connections), probability
   * and draws, each from the fault's own seeded stream. NORMAL_CONNECTION when none applies.
   */
  connectionFaults(provider: ProviderName, connectionOrdinal: number): ConnectionBehaviour
  /** Time windows and bursts count from here: the moment the simulators are ready. */
  markStart(): void
}

interface CompiledFault<T extends AnyFaultType = AnyFaultType> {
  spec: FaultSpec
  type: T
  attributes: FaultSpec['attributes']
  matches: (subject: ExchangeSubject) => boolean
  schedule: ReturnType<typeof createScheduleState>
  rng: Rng
  /** What the type prepared for the fault (a rate limit's token bucket). */
  state: unknown
}

const NO_HEADERS: Readonly<Record<string, string | undefined>> = Object.freeze({})

export function createFaultEngine(options: FaultEngineOptions): FaultEngine {
  const { clock, scheduler } = options
  let startedAt = clock.now()
  const root = createRng(options.seed).fork('faults')
  let compiled: CompiledFault[] = []
  // The two scopes, in list order, recomputed on every change.
  let exchangeScoped: CompiledFault<AnyExchangeFaultType>[] = []
  let connectionScoped: CompiledFault<AnyConnectionFaultType>[] = []
  let nextId = 1

  const compile = (spec: FaultSpec): CompiledFault => {
    const type = faultTypeOf(spec.type)
    return {
      spec,
      type,
      attributes: spec.attributes,
      matches: compileMatch(spec.match),
      schedule: createScheduleState(spec.schedule ?? { kind: 'always' }),
      // Forked by id: adding or removing another fault never shifts this one's draws.
      rng: root.fork(spec.id!),
      state: type.prepare?.(spec.attributes),
    }
  }
  const install = (next: CompiledFault[]): void => {
    compiled = next
    exchangeScoped = next.filter((fault): fault is CompiledFault<AnyExchangeFaultType> => fault.type.scope === 'exchange')
    connectionScoped = next.filter((fault): fault is CompiledFault<AnyConnectionFaultType> => fault.type.scope === 'connection')
  }
  /** Virtual ms since start (schedule windows and bursts): a clock jump moves a window on as the wall would. */
  const elapsedMs = (now: number): number => now - startedAt
  /** The probability, drawn from the fault's own stream only when it is below 1. */
  const drawnOut = (fault: CompiledFault): boolean => {
    const probability = fault.spec.probability
    return probability !== undefined && probability < 1 && fault.rng.next() >= probability
  }

  /** Validates a fault or plan; ids the caller gave are kept (a clash is a CONFLICT), the rest get the next free `fN`. */
  const validate = (input: unknown, taken: ReadonlySet<string | undefined>): Result<FaultSpec[]> => {
    const rawList = rawFaults(input)
    const result = validatePlan(rawList, { knownCodes: options.knownCode })
    if (!result.ok) return fail(planError(result.problems))
    // A window that has already ended would be accepted and never fire: say so instead.
    const now = elapsedMs(clock.now())
    const ended = result.faults.flatMap((fault, index) =>
      fault.schedule?.kind === 'window' && fault.schedule.toMs !== undefined && fault.schedule.toMs <= now
        ? [{ path: `${Array.isArray(rawList) ? `[${index}].` : ''}schedule`, message: `the window ends ${fault.schedule.toMs} ms after the simulators started, and ${now} ms have passed: it would never fire (windows count from the start; GET /faults shows the time scale)` }]
        : [],
    )
    if (ended.length > 0) return fail(planError(ended))
    const used = new Set(taken)
    const faults: FaultSpec[] = []
    for (const [index, fault] of result.faults.entries()) {
      if (hasOwnId(Array.isArray(rawList) ? rawList[index] : undefined)) {
        if (used.has(fault.id)) return fail(simError('CONFLICT', `Failed to add fault ${fault.id}: a fault with that id exists.`, 'Use PUT /faults/:id to change it.'))
        used.add(fault.id)
        faults.push(fault)
        continue
      }
      let id = `f${nextId++}`
      while (used.has(id)) id = `f${nextId++}`
      used.add(id)
      faults.push({ ...fault, id })
    }
    return ok(faults)
  }
  const ids = (faults: readonly CompiledFault[]) => new Set(faults.map((fault) => fault.spec.id))

  return {
    get timeScale() {
      return scheduler.timeScale
    },
    get hasExchangeFaults() {
      return exchangeScoped.length > 0
    },
    list: () => compiled.map((fault) => fault.spec),
    add(input) {
      const result = validate(input, ids(compiled))
      if (result.ok) install([...compiled, ...result.value.map(compile)])
      return result
    },
    replace(id, input) {
      const index = compiled.findIndex((fault) => fault.spec.id === id)
      if (index === -1) return fail(simError('NOT_FOUND', `Failed to find fault ${id}.`))
      if (typeof input !== 'object' || input === null || Array.isArray(input)) return fail(simError('INVALID_ARGUMENT', 'Failed to replace the fault: send one fault object.'))
      const result = validate({ ...input, id }, ids(compiled.filter((_, i) => i !== index)))
      if (!result.ok) return result
      const next = [...compiled]
      next[index] = compile(result.value[0]!)
      install(next)
      return ok(result.value[0]!)
    },
    remove(id) {
      if (!compiled.some((fault) => fault.spec.id === id)) return fail(simError('NOT_FOUND', `Failed to find fault ${id}.`))
      install(compiled.filter((fault) => fault.spec.id !== id))
      return ok(undefined)
    },
    clear() {
      install([])
    },
    decide(subject) {
      if (exchangeScoped.length === 0) return EMPTY_PIPELINE
      const now = clock.now()
      const elapsed = elapsedMs(now)
      let env: DrawEnv | undefined
      const applied: AppliedFault[] = []
      for (const fault of exchangeScoped) {
        if (!fault.matches(subject)) continue
        if (!fault.schedule.active({ elapsedMs: elapsed, target: subject.target })) continue
        if (drawnOut(fault)) continue
        let drawn: unknown
        if (fault.type.draw !== undefined) {
          drawn = fault.type.draw(fault, subject, (env ??= { now }))
          if (drawn === null) continue
        }
        applied.push({ id: fault.spec.id!, spec: fault.spec, attributes: fault.attributes, drawn, type: fault.type })
      }
      return applied.length === 0 ? EMPTY_PIPELINE : { applied }
    },
    markStart() {
      startedAt = clock.now()
    },
    connectionFaults(provider, connectionOrdinal) {
      if (connectionScoped.length === 0) return NORMAL_CONNECTION
      const now = clock.now()
      const elapsed = elapsedMs(now)
      const env: DrawEnv = { now }
      // All a connection has before any request: its provider and ordinal (validation refuses the other match fields).
      const subject: ExchangeSubject = { provider, flavour: undefined, route: '', headers: NO_HEADERS, connectionOrdinal, target: undefined }
      let draft: ConnectionDraft | undefined
      const faultIds: string[] = []
      for (const fault of connectionScoped) {
        if (!fault.matches(subject)) continue
        if (!fault.schedule.active({ elapsedMs: elapsed })) continue
        if (drawnOut(fault)) continue
        let drawn: unknown
        if (fault.type.draw !== undefined) {
          drawn = fault.type.draw(fault, env)
          if (drawn === null) continue
        }
        draft ??= { acceptDelayMs: 0, http2: {} }
        fault.type.contribute({ id: fault.spec.id!, attributes: fault.attributes, drawn }, draft)
        faultIds.push(fault.spec.id!)
      }
      if (draft === undefined) return NORMAL_CONNECTION
      return Object.freeze({ acceptDelayMs: draft.acceptDelayMs, http2: Object.freeze(draft.http2), faultIds: Object.freeze(faultIds) })
    },
  }
}

/** One fault, a list, or a plan object `{faults: […]}`, as the list the validator checks. */
function rawFaults(input: unknown): unknown {
  if (Array.isArray(input)) return input
  if (typeof input === 'object' && input !== null && 'faults' in input) return (input as { faults: unknown }).faults
  return [input]
}

function hasOwnId(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string'
}

function planError(problems: PlanProblem[]) {
  const summary = problems.map((problem) => `${problem.path || '(plan)'}: ${problem.message}`).join('; ')
  return simError('INVALID_ARGUMENT', `Failed to read the fault plan: ${summary}.`, undefined, { problems })
}
