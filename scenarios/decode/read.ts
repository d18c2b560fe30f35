/**
 * Readers the scenario decoders share, beside the fault language's own
 * (simulators/faults/plan/fields.ts): unknown keys with a did-you-mean,
 * durations with days and weeks, rates, shares and mixes that sum to 1.
 * Each records a problem with its path and returns undefined when wrong.
 */
import { child, isRecord, preview, problem, readNumber, readRecord, type PlainRecord, type Problems } from '../../simulators/faults/plan/fields.ts'
import { parseDistribution, parseDuration, parseRate } from '../../simulators/faults/plan/shorthand-values.ts'
import { decodeDistribution } from '../../simulators/faults/plan/validate-distribution.ts'
import type { Distribution } from '../../simulators/faults/spec.ts'
import type { Shares } from '../plan-types.ts'

export { child, isRecord, preview, problem, readNumber, readRecord, type PlainRecord, type Problems }

/** Shares may be off by rounding: 0.1 + 0.2 + 0.7 is not exactly 1. */
const SUM_TOLERANCE = 1e-6
const DAY_MS = 86_400_000
const LONG_UNITS = /^(\d+(?:\.\d+)?)(d|w)$/

/** Reports every key not in `allowed`, suggesting the nearest allowed one. */
export function rejectUnknown(record: PlainRecord, allowed: readonly string[], path: string, problems: Problems): void {
  for (const key of Object.keys(record)) {
    if (allowed.includes(key)) continue
    const near = nearest(key, allowed)
    problem(problems, child(path, key), `unknown key${near === undefined ? '' : ` (did you mean ${near}?)`}; expected one of: ${allowed.join(', ')}`)
  }
}

/** The allowed word within a third of its length in edits (case-insensitive), if any. */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined
  let bestDistance = Infinity
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase())
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance]
  }
  return bestDistance <= Math.max(1, Math.floor(Math.max(word.length, 3) / 3)) ? best : undefined
}

/** Levenshtein distance where swapping two neighbours is one edit too (`sede` → `seed`), as people mistype. */
function editDistance(a: string, b: string): number {
  let before: number[] = []
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) current[j] = Math.min(current[j]!, before[j - 2]! + 1)
    }
    before = previous
    previous = current
  }
  return previous[b.length]!
}

/** `250ms`, `10s`, `2m`, `1h` (the fault language), `1d`, `1w`, or a number of ms. */
export function readDuration(value: unknown, path: string, problems: Problems, { positive = false } = {}): number | undefined {
  if (value === undefined) return problem(problems, path, 'required')
  let ms: number | undefined
  if (typeof value === 'number' && Number.isFinite(value)) ms = value
  else if (typeof value === 'string') {
    const long = LONG_UNITS.exec(value)
    const parsed = long === null ? parseDuration(value) : { ok: true as const, value: Number(long[1]) * DAY_MS * (long[2] === 'w' ? 7 : 1) }
    if (!parsed.ok) return problem(problems, path, `${parsed.message.replace('2m or 1h', '2m, 1h, 1d or 1w')}`)
    ms = parsed.value
  } else return problem(problems, path, `expected a duration such as 10s, 2m, 1h or 1d, got ${preview(value)}`)
  if (ms < 0 || (positive && ms === 0)) return problem(problems, path, `expected a duration ${positive ? 'above' : 'of at least'} 0, got ${preview(value)}`)
  return ms
}

/** `1000/s`, `600/min`, `50/10s`, or a number per second; in arrivals per second. */
export function readRate(value: unknown, path: string, problems: Problems, { positive = true } = {}): number | undefined {
  if (value === undefined) return problem(problems, path, 'required')
  let perSecond: number
  if (typeof value === 'number' && Number.isFinite(value)) perSecond = value
  else if (typeof value === 'string') {
    const parsed = parseRate(value)
    if (!parsed.ok) return problem(problems, path, parsed.message)
    perSecond = parsed.value.refillPerSecond
  } else return problem(problems, path, `expected a rate such as 1000/s or 600/min, got ${preview(value)}`)
  if (perSecond < 0 || (positive && perSecond === 0)) return problem(problems, path, `expected a rate above 0, got ${preview(value)}`)
  return perSecond
}

/** A probability or share, 0..1. */
export const readShare = (value: unknown, path: string, problems: Problems): number | undefined => readNumber(value, path, problems, { min: 0, max: 1 })

/** A share read from `record[key]`, or `fallback` when absent. */
export function shareOr(record: PlainRecord, key: string, path: string, problems: Problems, fallback: number): number | undefined {
  return record[key] === undefined ? fallback : readShare(record[key], child(path, key), problems)
}

/**
 * A mix: `{ name: share }` with shares 0..1 summing to 1; a single string
 * is that name at share 1. `check` validates each name (and returns a
 * problem message, or undefined when fine).
 */
export function readMix<K extends string>(value: unknown, path: string, problems: Problems, check: (name: string) => string | undefined): Shares<K> | undefined {
  if (typeof value === 'string') {
    const message = check(value)
    return message === undefined ? [[value as K, 1]] : problem(problems, path, message)
  }
  const record = readRecord(value, path, problems, 'an object of shares')
  if (record === undefined) return undefined
  const before = problems.length
  const shares: [K, number][] = []
  for (const [name, share] of Object.entries(record)) {
    const message = check(name)
    if (message !== undefined) problem(problems, child(path, name), message)
    const read = readShare(share, child(path, name), problems)
    if (message === undefined && read !== undefined && read > 0) shares.push([name as K, read])
  }
  if (problems.length > before) return undefined
  const sum = shares.reduce((total, [, share]) => total + share, 0)
  if (Math.abs(sum - 1) <= SUM_TOLERANCE) return shares
  // Blamed on the entry that takes the sum past 1, else the last one.
  const keys = Object.keys(record)
  let running = 0
  const over = keys.find((key) => (running += Number(record[key]) || 0) > 1 + SUM_TOLERANCE) ?? keys[keys.length - 1]
  return problem(problems, over === undefined ? path : child(path, over), `shares must sum to 1 (got ${Number(sum.toFixed(6))})`)
}

/** A mix over a closed set of names, with did-you-mean for a wrong one. */
export function readEnumMix<K extends string>(value: unknown, names: readonly K[], path: string, problems: Problems): Shares<K> | undefined {
  return readMix<K>(value, path, problems, (name) => {
    if ((names as readonly string[]).includes(name)) return undefined
    const near = nearest(name, names)
    return `unknown name${near === undefined ? '' : ` (did you mean ${near}?)`}; expected one of: ${names.join(', ')}`
  })
}

/** A distribution as the fault language's object or its shorthand (`lognormal(2s,30s)`, `500ms`). */
export function readDistribution(value: unknown, path: string, problems: Problems): Distribution | undefined {
  if (typeof value !== 'string') return decodeDistribution(value, path, problems)
  const parsed = parseDistribution(value)
  return parsed.ok ? decodeDistribution(parsed.value, path, problems) : problem(problems, path, parsed.message)
}

/** A non-empty string. */
export function readText(value: unknown, path: string, problems: Problems): string | undefined {
  if (value === undefined) return problem(problems, path, 'required')
  if (typeof value !== 'string' || value === '') return problem(problems, path, `expected a non-empty string, got ${preview(value)}`)
  return value
}

/** `HH:MM`, 24-hour. */
export function readTimeOfDay(value: unknown, path: string, problems: Problems): string | undefined {
  if (typeof value === 'string' && /^([01]\d|2[0-3]):[0-5]\d$/.test(value)) return value
  return problem(problems, path, `expected a time of day HH:MM, got ${preview(value)}`)
}

/** An array, each element read with `read` (at `path[i]`). */
export function readArray<T>(value: unknown, path: string, problems: Problems, read: (item: unknown, path: string) => T | undefined): T[] | undefined {
  if (value === undefined) return problem(problems, path, 'required')
  if (!Array.isArray(value)) return problem(problems, path, `expected an array, got ${preview(value)}`)
  const items = value.map((item, i) => read(item, child(path, i)))
  return items.every((item) => item !== undefined) ? (items as T[]) : undefined
}

/** Reports a second use of a name in a list (`campaigns[2].name: duplicate name "x", also at campaigns[0].name`). */
export function rejectDuplicateNames(items: readonly unknown[], path: string, problems: Problems): void {
  const first = new Map<string, number>()
  items.forEach((item, i) => {
    const name = isRecord(item) ? item.name : undefined
    if (typeof name !== 'string') return
    const earlier = first.get(name)
    if (earlier === undefined) first.set(name, i)
    else problem(problems, `${child(path, i)}.name`, `duplicate name ${JSON.stringify(name)}, also at ${child(path, earlier)}.name`)
  })
}
