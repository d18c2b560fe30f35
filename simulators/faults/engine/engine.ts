import type { Clock } from '../../kernel/clock.ts'
import { fail, ok, simError, type Result } from '../../kernel/errors.ts'
import type { ProviderName } from '../../kernel/exchange.ts'
import { createRng, type Rng } from '../../kernel/rng.ts'
import type { Scheduler } from '../../kernel/scheduler.ts'
import { compileMatch } from '../plan/match.ts'
import { createScheduleState } from '../plan/schedule.ts'
import { validatePlan } from '../plan/validate.ts'
import { sampleMs } from '../sampling/distributions.ts'
import { createTokenBucket } from '../sampling/token-bucket.ts'
import type { FaultSpec, FaultType, PlanProblem } from '../spec.ts'
import type { ExchangeSubject } from './subject.ts'

/** A fault that took effect on one exchange, with every draw already made (the pipeline is frozen). */
export interface AppliedFault {
  readonly id: string
  readonly spec: FaultSpec
  /** latency, slow-connect: the sampled wait, in simulated ms (the scheduler scales it). */
  readonly delayMs?: number
  /** rate-limit: when the bucket has a token again, in simulated ms. */
  readonly retryAfterMs?: number
}

export interface FaultPipeline {
  readonly applied: readonly AppliedFault[]
}

export const EMPTY_PIPELINE: FaultPipeline = Object.freeze({ applied: Object.freeze([]) })

export interface FaultEngineOptions {
  seed: string
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
  /** Sampled slow-connect wait for a new connection, in simulated ms (0 when none applies). */
  connectDelayMs(provider: ProviderName, connectionOrdinal: number): number
  /** Time windows and bursts count from here: the moment the simulators are ready. */
  markStart(): void
}

interface CompiledFault {
  spec: FaultSpec
  matches: (subject: ExchangeSubject) => boolean
  schedule: ReturnType<typeof createScheduleState>
  rng: Rng
  bucket?: ReturnType<typeof createTokenBucket>
}

export function createFaultEngine(options: FaultEngineOptions): FaultEngine {
  const { clock, scheduler } = options
  let startedAt = clock.now()
  const root = createRng(options.seed).fork('faults')
  let compiled: CompiledFault[] = []
  let nextId = 1

  const compile = (spec: FaultSpec): CompiledFault => ({
    spec,
    matches: compileMatch(spec.match),
    schedule: createScheduleState(spec.schedule ?? { kind: 'always' }),
    // Forked by id: adding or removing another fault never shifts this one's draws.
    rng: root.fork(spec.id!),
    ...(spec.type === 'rate-limit'
      ? // Refill in simulated time: a per-minute quota refills 100× faster at time scale 0.01.
        { bucket: createTokenBucket({ capacity: spec.attributes.capacity, refillPerSecond: spec.attributes.refillPerSecond / scheduler.timeScale }) }
      : {}),
  })

  /** Validates a fault or plan; ids the caller gave are kept (a clash is a CONFLICT), the rest get the next free `fN`. */
  const validate = (input: unknown, taken: ReadonlySet<string | undefined>): Result<FaultSpec[]> => {
    const rawList = rawFaults(input)
    const result = validatePlan(rawList, { knownCodes: options.knownCode })
    if (!result.ok) return fail(planError(result.problems))
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
    timeScale: scheduler.timeScale,
    get hasExchangeFaults() {
      return compiled.some((fault) => fault.spec.type !== 'slow-connect')
    },
    list: () => compiled.map((fault) => fault.spec),
    add(input) {
      const result = validate(input, ids(compiled))
      if (result.ok) compiled = [...compiled, ...result.value.map(compile)]
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
      compiled = next
      return ok(result.value[0]!)
    },
    remove(id) {
      if (!compiled.some((fault) => fault.spec.id === id)) return fail(simError('NOT_FOUND', `Failed to find fault ${id}.`))
      compiled = compiled.filter((fault) => fault.spec.id !== id)
      return ok(undefined)
    },
    clear() {
      compiled = []
    },
    decide(subject) {
      if (compiled.length === 0) return EMPTY_PIPELINE
      const elapsedMs = (clock.now() - startedAt) / scheduler.timeScale
      const applied: AppliedFault[] = []
      for (const fault of compiled) {
        const spec = fault.spec
        if (spec.type === 'slow-connect' || !fault.matches(subject)) continue
        if (!fault.schedule.active({ elapsedMs, target: subject.target })) continue
        if (spec.probability !== undefined && spec.probability < 1 && fault.rng.next() >= spec.probability) continue
        if (spec.type === 'rate-limit') {
          const taken = fault.bucket!.take(bucketKey(spec.attributes.key, subject), clock.now())
          if (taken.ok) continue
          applied.push({ id: spec.id!, spec, retryAfterMs: taken.retryAfterMs / scheduler.timeScale })
          continue
        }
        if (spec.type === 'latency') {
          applied.push({ id: spec.id!, spec, delayMs: sampleMs(spec.attributes.distribution, fault.rng) })
          continue
        }
        applied.push({ id: spec.id!, spec })
      }
      return applied.length === 0 ? EMPTY_PIPELINE : { applied }
    },
    markStart() {
      startedAt = clock.now()
    },
    connectDelayMs(provider, connectionOrdinal) {
      let total = 0
      for (const fault of compiled) {
        const spec = fault.spec
        if (spec.type !== 'slow-connect') continue
        const subject = { provider, flavour: undefined, route: '', headers: {}, connectionOrdinal, target: undefined }
        if (!fault.matches(subject)) continue
        if (spec.probability !== undefined && spec.probability < 1 && fault.rng.next() >= spec.probability) continue
        total += sampleMs(spec.attributes.distribution, fault.rng)
      }
      return total
    },
  }
}

const FAULT_TYPES_WITH_ANSWER: ReadonlySet<FaultType> = new Set(['error', 'outage', 'rate-limit', 'hang', 'reset', 'rst-stream', 'refuse-stream'])

/** Whether a fault answers the exchange itself, so the provider core is not asked. */
export const answersItself = (fault: AppliedFault): boolean => FAULT_TYPES_WITH_ANSWER.has(fault.spec.type)

function bucketKey(key: 'global' | 'project' | 'connection' | 'target' | 'topic', subject: ExchangeSubject): string {
  switch (key) {
    case 'global':
      return 'global'
    case 'project':
      return `${subject.provider}:${subject.flavour ?? ''}`
    case 'connection':
      return `${subject.provider}:${subject.connectionOrdinal}`
    case 'target':
      return `${subject.provider}:${subject.target ?? ''}`
    case 'topic':
      return `${subject.provider}:${subject.headers['apns-topic'] ?? subject.headers.topic ?? ''}`
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
