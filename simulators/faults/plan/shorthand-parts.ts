/**
 * What each part of a fault shorthand sets in the raw fault. The keys every
 * fault takes (p, id, match fields, schedules) are here; the value after the
 * type (`error=Unregistered`) and the keys of one type (`stage=body`) are in
 * that type's definition (../types/<type>.ts), built with the helpers below.
 */
import {
  map,
  ok,
  parseBoolean,
  parseBurst,
  parseDistribution,
  parseH2Code,
  parseNumber,
  parseStringMatch,
  parseWindow,
  type Parsed,
} from './shorthand-values.ts'

/** A field of the raw fault as a dotted path (`match.target`), and its value. */
export type Assignment = readonly [field: string, value: unknown]
export type PartResult = { ok: true; assignments: Assignment[] } | { ok: false; message: string }
/** Reads the text of one part into the fields it sets. */
export type PartParser = (value: string) => PartResult

export interface KeyRule {
  /** Schedule keys exclude each other: one schedule per fault. */
  schedule?: boolean
  parse: PartParser
}

export function assign(field: string, parsed: Parsed<unknown>): PartResult {
  return parsed.ok ? { ok: true, assignments: [[field, parsed.value]] } : parsed
}

/** The text as is. */
export const text =
  (field: string): PartParser =>
  (value) =>
    assign(field, ok(value))
/** A number (`1024`, `0.5`, `1e3`). */
export const number =
  (field: string): PartParser =>
  (value) =>
    assign(field, parseNumber(value))
/** `true` or `false`. */
export const boolean =
  (field: string): PartParser =>
  (value) =>
    assign(field, parseBoolean(value))
/** A distribution (`lognormal(50,400)`, `fixed(2s)`, `250`). */
export const distribution =
  (field: string): PartParser =>
  (value) =>
    assign(field, parseDistribution(value))
/** An HTTP/2 error name or number; validation checks it. */
export const h2Code =
  (field: string): PartParser =>
  (value) =>
    assign(field, ok(parseH2Code(value)))

/** The keys every fault type takes. */
export const KEY_RULES: Readonly<Record<string, KeyRule>> = {
  p: { parse: number('probability') },
  id: { parse: text('id') },
  flavour: { parse: (value) => assign('match.flavour', ok(parseStringMatch(value))) },
  route: { parse: (value) => assign('match.route', ok(parseStringMatch(value))) },
  target: { parse: (value) => assign('match.target', ok(parseStringMatch(value))) },
  every: { schedule: true, parse: (value) => assign('schedule', map(parseNumber(value), (nth) => ({ kind: 'every', nth }))) },
  after: { schedule: true, parse: (value) => assign('schedule', map(parseNumber(value), (exchanges) => ({ kind: 'after', exchanges }))) },
  first: { schedule: true, parse: (value) => assign('schedule', map(parseNumber(value), (attempts) => ({ kind: 'first', attempts }))) },
  window: { schedule: true, parse: (value) => assign('schedule', map(parseWindow(value), (window) => ({ kind: 'window', ...window }))) },
  burst: { schedule: true, parse: (value) => assign('schedule', map(parseBurst(value), (burst) => ({ kind: 'burst', ...burst }))) },
}
