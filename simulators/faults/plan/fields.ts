/**
 * Small readers for decoding untrusted plan data. Each reader checks one
 * value, records a problem (with its path) when the value is wrong, and
 * returns undefined then, so a decoder can walk the whole plan and report
 * every problem at once (k6's `validate(): Error[]`, without mutation).
 */
import type { PlanProblem } from '../spec.ts'

export type Problems = PlanProblem[]
export type PlainRecord = Readonly<Record<string, unknown>>

export interface NumberRule {
  integer?: boolean
  min?: number
  max?: number
  /** Exclusive lower bound. */
  above?: number
}

const IDENTIFIER = /^[A-Za-z_$][\w$-]*$/

export const isRecord = (value: unknown): value is PlainRecord =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** `faults[2]` + `attributes` → `faults[2].attributes`; odd keys are quoted: `headers["x y"]`. */
export function child(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`
  if (!IDENTIFIER.test(key)) return `${path}[${JSON.stringify(key)}]`
  return path === '' ? key : `${path}.${key}`
}

/** A short rendering of an offending value for messages. */
export function preview(value: unknown): string {
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return typeof value
  if (typeof value === 'number' || typeof value === 'bigint') return String(value)
  const json = JSON.stringify(value) ?? String(value)
  return json.length > 40 ? `${json.slice(0, 37)}...` : json
}

export function problem(problems: Problems, path: string, message: string): undefined {
  problems.push({ path, message })
  return undefined
}

export function readRecord(value: unknown, path: string, problems: Problems, what = 'an object'): PlainRecord | undefined {
  if (value === undefined) return problem(problems, path, 'required')
  if (!isRecord(value)) return problem(problems, path, `expected ${what}, got ${preview(value)}`)
  return value
}

/** Reports every key of `record` not in `allowed`. */
export function rejectUnknownKeys(record: PlainRecord, allowed: readonly string[], path: string, problems: Problems): void {
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key)) problem(problems, child(path, key), `unknown key; expected one of: ${allowed.join(', ')}`)
  }
}

export function readNumber(value: unknown, path: string, problems: Problems, rule: NumberRule): number | undefined {
  if (value === undefined) return problem(problems, path, 'required')
  const fits =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (!rule.integer || Number.isInteger(value)) &&
    (rule.min === undefined || value >= rule.min) &&
    (rule.max === undefined || value <= rule.max) &&
    (rule.above === undefined || value > rule.above)
  if (!fits) return problem(problems, path, `expected ${describeRule(rule)}, got ${preview(value)}`)
  return value
}

export function readString(value: unknown, path: string, problems: Problems): string | undefined {
  if (value === undefined) return problem(problems, path, 'required')
  if (typeof value !== 'string' || value === '') return problem(problems, path, `expected a non-empty string, got ${preview(value)}`)
  return value
}

export function readEnum<T extends string>(value: unknown, options: readonly T[], path: string, problems: Problems): T | undefined {
  if (value === undefined) return problem(problems, path, 'required')
  if (typeof value !== 'string' || !(options as readonly string[]).includes(value)) {
    return problem(problems, path, `expected one of: ${options.join(', ')}; got ${preview(value)}`)
  }
  return value as T
}

/** Reads `record[key]` with `read` when present; undefined (and no problem) when absent. */
export function optional<T>(
  record: PlainRecord,
  key: string,
  path: string,
  read: (value: unknown, path: string) => T | undefined,
): T | undefined {
  const value = record[key]
  return value === undefined ? undefined : read(value, child(path, key))
}

function describeRule(rule: NumberRule): string {
  const noun = rule.integer ? 'an integer' : 'a number'
  if (rule.min !== undefined && rule.max !== undefined) return `${noun} from ${rule.min} to ${rule.max}`
  const bounds: string[] = []
  if (rule.above !== undefined) bounds.push(`above ${rule.above}`)
  if (rule.min !== undefined) bounds.push(`>= ${rule.min}`)
  if (rule.max !== undefined) bounds.push(`<= ${rule.max}`)
  return bounds.length === 0 ? `a finite ${noun.slice(noun.indexOf(' ') + 1)}` : `${noun} ${bounds.join(' and ')}`
}
