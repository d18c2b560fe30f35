/**
 * Value syntaxes of the fault shorthand: numbers, durations (`250ms`, `10s`,
 * `2m`, `1h`; a bare number is ms), distributions (`lognormal(50,400)`),
 * rates (`600000/min`), windows (`10s-20s`, `10s-`), bursts (`2s/8s`) and
 * string matches (`exact`, `a,b,c`, `/regex/`).
 */
import type { Distribution, StringMatch } from '../spec.ts'

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string }

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i
const DURATION = /^(\d+(?:\.\d+)?|\.\d+)(ms|s|m|min|h)?$/
const DISTRIBUTION = /^([a-z]+)\((.*)\)$/
const H2_CODE_NUMBER = /^(\d+|0x[0-9a-f]+)$/i
const DISTRIBUTION_FORMS = 'fixed(ms), uniform(min,max), normal(mean,sd), lognormal(median,p99) or pareto(scale,shape)'
const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 }

export const ok = <T>(value: T): Parsed<T> => ({ ok: true, value })
export const fail = <T>(message: string): Parsed<T> => ({ ok: false, message })

export function parseNumber(text: string): Parsed<number> {
  return NUMBER.test(text) ? ok(Number(text)) : fail(`expected a number, got ${JSON.stringify(text)}`)
}

export function parseDuration(text: string): Parsed<number> {
  const found = DURATION.exec(text)
  if (found === null) return fail(`expected a duration such as 250ms, 10s, 2m or 1h, got ${JSON.stringify(text)}`)
  return ok(Number(found[1]) * UNIT_MS[found[2] ?? 'ms']!)
}

/** `fixed(200)` (or just `200`), `uniform(a,b)`, `normal(mean,sd)`, `lognormal(median,p99)`, `pareto(scale,shape)`. */
export function parseDistribution(text: string): Parsed<Distribution> {
  if (DURATION.test(text)) return map(parseDuration(text), (ms) => ({ kind: 'fixed', ms }))
  const found = DISTRIBUTION.exec(text)
  if (found === null) return fail(`expected ${DISTRIBUTION_FORMS}, got ${JSON.stringify(text)}`)
  const kind = found[1]!
  const args = found[2]!.split(',').map((arg) => arg.trim())
  const durations = (count: number): Parsed<number[]> => {
    if (args.length !== count) return fail(`${kind} takes ${count} argument${count === 1 ? '' : 's'}, got ${args.length}`)
    const values: number[] = []
    for (const arg of args) {
      const parsed = parseDuration(arg)
      if (!parsed.ok) return parsed
      values.push(parsed.value)
    }
    return ok(values)
  }
  switch (kind) {
    case 'fixed':
      return map(durations(1), ([ms]) => ({ kind, ms: ms! }))
    case 'uniform':
      return map(durations(2), ([minMs, maxMs]) => ({ kind, minMs: minMs!, maxMs: maxMs! }))
    case 'normal':
      return map(durations(2), ([meanMs, stdDevMs]) => ({ kind, meanMs: meanMs!, stdDevMs: stdDevMs! }))
    case 'lognormal':
      return map(durations(2), ([medianMs, p99Ms]) => ({ kind, medianMs: medianMs!, p99Ms: p99Ms! }))
    case 'pareto': {
      if (args.length !== 2) return fail(`pareto takes 2 arguments, got ${args.length}`)
      const scale = parseDuration(args[0]!)
      if (!scale.ok) return scale
      return map(parseNumber(args[1]!), (shape) => ({ kind, scaleMs: scale.value, shape }))
    }
    default:
      return fail(`unknown distribution ${JSON.stringify(kind)}; expected fixed, uniform, normal, lognormal or pareto`)
  }
}

/** `600000/min` → a bucket of 600000 tokens refilled over a minute. Also `10/s`, `50/10s`. */
export function parseRate(text: string): Parsed<{ capacity: number; refillPerSecond: number }> {
  const slash = text.indexOf('/')
  if (slash < 0) return fail(`expected <count>/<period> such as 600000/min or 10/s, got ${JSON.stringify(text)}`)
  const count = parseNumber(text.slice(0, slash))
  if (!count.ok) return count
  const periodText = text.slice(slash + 1)
  const period = parseDuration(UNIT_MS[periodText] === undefined ? periodText : `1${periodText}`)
  if (!period.ok) return period
  if (period.value === 0) return fail('the period must be longer than 0')
  return ok({ capacity: count.value, refillPerSecond: (count.value * 1000) / period.value })
}

/** `10s-20s` → from 10 s to 20 s; `10s-` → from 10 s on. */
export function parseWindow(text: string): Parsed<{ fromMs: number; toMs?: number }> {
  const dash = text.indexOf('-')
  if (dash < 0) return fail(`expected <from>-<to> or <from>- such as 10s-20s, got ${JSON.stringify(text)}`)
  const from = parseDuration(text.slice(0, dash))
  if (!from.ok) return from
  if (dash === text.length - 1) return ok({ fromMs: from.value })
  return map(parseDuration(text.slice(dash + 1)), (toMs) => ({ fromMs: from.value, toMs }))
}

/** `2s/8s` → on for 2 s, off for 8 s. */
export function parseBurst(text: string): Parsed<{ onMs: number; offMs: number }> {
  const slash = text.indexOf('/')
  if (slash < 0) return fail(`expected <on>/<off> such as 2s/8s, got ${JSON.stringify(text)}`)
  const on = parseDuration(text.slice(0, slash))
  if (!on.ok) return on
  return map(parseDuration(text.slice(slash + 1)), (offMs) => ({ onMs: on.value, offMs }))
}

/** `/regex/` → pattern; `a,b` → set; anything else → exact. */
export function parseStringMatch(text: string): StringMatch {
  if (text.length >= 2 && text.startsWith('/') && text.endsWith('/')) return { pattern: text.slice(1, -1) }
  return text.includes(',') ? text.split(',') : text
}

/** `true` or `false`. */
export function parseBoolean(text: string): Parsed<boolean> {
  if (text === 'true') return ok(true)
  if (text === 'false') return ok(false)
  return fail(`expected true or false, got ${JSON.stringify(text)}`)
}

/** An HTTP/2 error: a number (`8`, `0x8`) or a name (`CANCEL`), checked by validation. */
export function parseH2Code(text: string): number | string {
  return H2_CODE_NUMBER.test(text) ? Number(text) : text
}

export function map<A, B>(parsed: Parsed<A>, f: (value: A) => B): Parsed<B> {
  return parsed.ok ? ok(f(parsed.value)) : parsed
}
