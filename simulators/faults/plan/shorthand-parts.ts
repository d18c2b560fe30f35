/**
 * What each part of a fault shorthand sets in the raw fault: the value after
 * the type (`error=Unregistered`) and each `key=value`.
 */
import type { FaultType } from '../spec.ts'
import {
  map,
  ok,
  parseBurst,
  parseDistribution,
  parseH2Code,
  parseNumber,
  parseRate,
  parseStringMatch,
  parseWindow,
  type Parsed,
} from './shorthand-values.ts'

/** A field of the raw fault as a dotted path (`match.target`), and its value. */
export type Assignment = readonly [field: string, value: unknown]
export type PartResult = { ok: true; assignments: Assignment[] } | { ok: false; message: string }

export interface MainValueRule {
  /** Absent: the type takes no value (`webpush:hang`). */
  parse?: (value: string) => PartResult
  /** Set when the value is required; shown in the problem. */
  example?: string
}

export interface KeyRule {
  /** The fault types the key applies to; absent: every type. */
  types?: readonly FaultType[]
  /** Schedule keys exclude each other: one schedule per fault. */
  schedule?: boolean
  parse: (value: string, type: FaultType | undefined) => PartResult
}

function assign(field: string, parsed: Parsed<unknown>): PartResult {
  return parsed.ok ? { ok: true, assignments: [[field, parsed.value]] } : parsed
}

const text = (field: string) => (value: string) => assign(field, ok(value))
const number = (field: string) => (value: string) => assign(field, parseNumber(value))
const distribution = (value: string) => assign('attributes.distribution', parseDistribution(value))

export const MAIN_VALUES: Readonly<Record<FaultType, MainValueRule>> = {
  error: { parse: text('attributes.code'), example: 'error=Unregistered' },
  latency: { parse: distribution, example: 'latency=lognormal(50,400)' },
  hang: {},
  reset: {},
  close: { parse: number('attributes.afterBytes'), example: 'close=1024' },
  'slow-connect': { parse: distribution, example: 'slow-connect=fixed(2s)' },
  'rst-stream': { parse: (value) => assign('attributes.code', ok(parseH2Code(value))), example: 'rst-stream=CANCEL' },
  // The value of a goaway is its reason (APNs sends `{"reason":"Shutdown"}`); code= sets the HTTP/2 code.
  goaway: { parse: text('attributes.reason') },
  'max-streams': { parse: number('attributes.value'), example: 'max-streams=1' },
  'refuse-stream': {},
  outage: { parse: text('attributes.form') },
  'rate-limit': {
    parse: (value) => {
      const rate = parseRate(value)
      if (!rate.ok) return rate
      return { ok: true, assignments: [['attributes.capacity', rate.value.capacity], ['attributes.refillPerSecond', rate.value.refillPerSecond]] }
    },
    example: 'rate-limit=600000/min',
  },
}

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
  'retry-after': { types: ['error', 'outage', 'rate-limit'], parse: number('attributes.retryAfterSeconds') },
  stage: { types: ['latency'], parse: text('attributes.stage') },
  code: {
    types: ['rst-stream', 'goaway', 'rate-limit'],
    // rate-limit names a catalogue entry; the others an HTTP/2 error.
    parse: (value, type) => assign('attributes.code', ok(type === 'rate-limit' ? value : parseH2Code(value))),
  },
  key: { types: ['rate-limit'], parse: text('attributes.key') },
}

/** Keys a type cannot do without, with an example for the problem. */
export const REQUIRED_KEYS: Readonly<Partial<Record<FaultType, readonly (readonly [key: string, example: string])[]>>> = {
  'rate-limit': [['key', 'key=global|project|connection|target|topic']],
}
