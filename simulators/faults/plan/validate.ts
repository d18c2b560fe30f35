/**
 * Validates a fault plan: an array of faults or `{ faults, seed?, timeScale? }`.
 * Pure: the input is never mutated; defaults are applied to fresh objects;
 * every problem is reported at once with its path (`faults[2].attributes.code`).
 *
 * @example
 * const result = validatePlan(JSON.parse(text), { knownCodes: (name) => catalogue.has(name) })
 * if (!result.ok) for (const p of result.problems) console.error(`${p.path}: ${p.message}`)
 */
import type { FaultSpec, PlanProblem } from '../spec.ts'
import { child, isRecord, optional, preview, problem, readNumber, rejectUnknownKeys, type Problems } from './fields.ts'
import type { PlanResult, ValidateOptions } from './types.ts'
import { decodeFault, type DecodedFault } from './validate-fault.ts'

const PLAN_KEYS = ['faults', 'seed', 'timeScale']

export function validatePlan(input: unknown, options: ValidateOptions): PlanResult {
  const problems: Problems = []
  const envelope = readEnvelope(input, problems)
  const decoded = (envelope?.faults ?? []).map((raw, i) => decodeFault(raw, child('faults', i), problems, options))
  reportDuplicateIds(decoded, problems)
  if (envelope === undefined || problems.length > 0 || !decoded.every(isComplete)) return { ok: false, problems }
  const faults = assignIds(decoded)
  return {
    ok: true,
    faults,
    ...(envelope.seed === undefined ? {} : { seed: envelope.seed }),
    ...(envelope.timeScale === undefined ? {} : { timeScale: envelope.timeScale }),
  }
}

interface Envelope {
  faults: readonly unknown[]
  seed?: string
  timeScale?: number
}

function readEnvelope(input: unknown, problems: Problems): Envelope | undefined {
  if (Array.isArray(input)) return { faults: input }
  if (!isRecord(input)) return problem(problems, '', `expected an array of faults or { faults, seed?, timeScale? }, got ${preview(input)}`)
  rejectUnknownKeys(input, PLAN_KEYS, '', problems)
  const seed = optional(input, 'seed', '', (v, p) => readSeed(v, p, problems))
  // A factor on every duration of the plan: 0.1 runs a 10 s window in 1 s.
  const timeScale = optional(input, 'timeScale', '', (v, p) => readNumber(v, p, problems, { above: 0 }))
  if (!Array.isArray(input.faults)) {
    problem(problems, 'faults', input.faults === undefined ? 'required' : `expected an array, got ${preview(input.faults)}`)
    return undefined
  }
  return { faults: input.faults, ...(seed === undefined ? {} : { seed }), ...(timeScale === undefined ? {} : { timeScale }) }
}

/** A non-empty string, or a safe integer taken as its decimal text (createRng hashes the text). [interp] */
function readSeed(value: unknown, path: string, problems: Problems): string | undefined {
  if (typeof value === 'string' && value !== '') return value
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value)
  return problem(problems, path, `expected a non-empty string or an integer, got ${preview(value)}`)
}

type CompleteFault = DecodedFault & { spec: NonNullable<DecodedFault['spec']> }

const isComplete = (fault: DecodedFault): fault is CompleteFault => fault.spec !== undefined

function reportDuplicateIds(decoded: readonly DecodedFault[], problems: PlanProblem[]): void {
  const firstIndex = new Map<string, number>()
  decoded.forEach(({ id }, i) => {
    if (id === undefined) return
    const earlier = firstIndex.get(id)
    if (earlier === undefined) firstIndex.set(id, i)
    else problem(problems, `faults[${i}].id`, `duplicate id ${JSON.stringify(id)}, also at faults[${earlier}].id`)
  })
}

/**
 * Faults without an id are named after their position: faults[2] → `f3`.
 * When a fault elsewhere took that name explicitly, the next free `fN`
 * past the end of the plan is used instead. [interp]
 */
function assignIds(decoded: readonly CompleteFault[]): FaultSpec[] {
  const taken = new Set(decoded.flatMap(({ id }) => (id === undefined ? [] : [id])))
  let spare = decoded.length
  return decoded.map(({ id, spec }, i) => {
    let assigned = id ?? `f${i + 1}`
    if (id === undefined && taken.has(assigned)) {
      do assigned = `f${++spare}`
      while (taken.has(assigned))
    }
    taken.add(assigned)
    // Sound: a decoded spec plus its id is a FaultSpec (Omit flattens the union).
    return { id: assigned, ...spec } as FaultSpec
  })
}
