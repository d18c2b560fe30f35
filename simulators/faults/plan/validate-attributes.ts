/** Decodes `attributes` per fault type; a missing `attributes` reads as `{}`. */
import type { FaultAttributes, FaultType } from '../spec.ts'
import {
  child,
  optional,
  problem,
  readEnum,
  readNumber,
  readRecord,
  readString,
  rejectUnknownKeys,
  type NumberRule,
  type PlainRecord,
  type Problems,
} from './fields.ts'
import { H2_ERROR_NAMES, MAX_H2_ERROR_CODE } from './h2-error-codes.ts'
import type { ValidateOptions } from './types.ts'
import { decodeDistribution } from './validate-distribution.ts'

// RFC 9111 §1.2.2: delta-seconds beyond 2^31 are to be read as 2^31.
const RETRY_AFTER: NumberRule = { integer: true, min: 0, max: 2 ** 31 }
const UINT31: NumberRule = { integer: true, min: 0, max: 2 ** 31 - 1 }
// SETTINGS_MAX_CONCURRENT_STREAMS is a 32-bit value (RFC 9113 §6.5.2).
const UINT32: NumberRule = { integer: true, min: 0, max: 2 ** 32 - 1 }
const RATE_LIMIT_KEYS = ['global', 'project', 'connection', 'target', 'topic'] as const

interface Context {
  record: PlainRecord
  path: string
  problems: Problems
  options: ValidateOptions
}

type Decoders = { [T in FaultType]: (c: Context) => FaultAttributes[T] | undefined }

export function decodeAttributes<T extends FaultType>(
  type: T,
  value: unknown,
  path: string,
  problems: Problems,
  options: ValidateOptions,
): FaultAttributes[T] | undefined {
  const record = value === undefined ? {} : readRecord(value, path, problems)
  if (record === undefined) return undefined
  return (DECODERS[type] as (c: Context) => FaultAttributes[T] | undefined)({ record, path, problems, options })
}

const DECODERS: Decoders = {
  error: (c) => {
    only(c, ['code', 'retryAfterSeconds'])
    const code = catalogueCode(c, 'code', true)
    const retryAfterSeconds = number(c, 'retryAfterSeconds', RETRY_AFTER, false)
    return code === undefined ? undefined : withOptional({ code }, { retryAfterSeconds })
  },
  latency: (c) => {
    only(c, ['distribution', 'stage'])
    const distribution = decodeDistribution(c.record.distribution, child(c.path, 'distribution'), c.problems)
    const stage = optional(c.record, 'stage', c.path, (v, p) => readEnum(v, ['headers', 'body'] as const, p, c.problems))
    return distribution === undefined ? undefined : { distribution, stage: stage ?? 'headers' }
  },
  hang: (c) => none(c),
  reset: (c) => none(c),
  close: (c) => {
    only(c, ['afterBytes'])
    const afterBytes = number(c, 'afterBytes', { integer: true, min: 0, max: Number.MAX_SAFE_INTEGER }, true)
    return afterBytes === undefined ? undefined : { afterBytes }
  },
  'slow-connect': (c) => {
    only(c, ['distribution'])
    const distribution = decodeDistribution(c.record.distribution, child(c.path, 'distribution'), c.problems)
    return distribution === undefined ? undefined : { distribution }
  },
  'rst-stream': (c) => {
    only(c, ['code'])
    const code = h2Code(c, true)
    return code === undefined ? undefined : { code }
  },
  goaway: (c) => {
    only(c, ['code', 'lastStreamId', 'reason'])
    const code = h2Code(c, false)
    const lastStreamId = number(c, 'lastStreamId', UINT31, false)
    const reason = optional(c.record, 'reason', c.path, (v, p) => readString(v, p, c.problems))
    return withOptional({}, { code, lastStreamId, reason })
  },
  'max-streams': (c) => {
    only(c, ['value', 'when', 'restore'])
    const value = number(c, 'value', UINT32, true)
    const when = optional(c.record, 'when', c.path, (v, p) => readEnum(v, ['always', 'after-rejection'] as const, p, c.problems))
    const restore = number(c, 'restore', UINT32, false)
    return value === undefined ? undefined : withOptional({ value }, { when, restore })
  },
  'refuse-stream': (c) => none(c),
  outage: (c) => {
    only(c, ['retryAfterSeconds', 'form'])
    const retryAfterSeconds = number(c, 'retryAfterSeconds', RETRY_AFTER, false)
    const form = optional(c.record, 'form', c.path, (v, p) => readEnum(v, ['unavailable', 'shutdown'] as const, p, c.problems))
    return withOptional({}, { retryAfterSeconds, form })
  },
  'rate-limit': (c) => {
    only(c, ['key', 'capacity', 'refillPerSecond', 'code', 'retryAfterSeconds'])
    const key = readEnum(c.record.key, RATE_LIMIT_KEYS, child(c.path, 'key'), c.problems)
    const capacity = number(c, 'capacity', { integer: true, min: 1, max: Number.MAX_SAFE_INTEGER }, true)
    const refillPerSecond = number(c, 'refillPerSecond', { above: 0, max: Number.MAX_SAFE_INTEGER }, true)
    const code = catalogueCode(c, 'code', false)
    const retryAfterSeconds = number(c, 'retryAfterSeconds', RETRY_AFTER, false)
    if (key === undefined || capacity === undefined || refillPerSecond === undefined) return undefined
    return withOptional({ key, capacity, refillPerSecond }, { code, retryAfterSeconds })
  },
}

function only(c: Context, keys: readonly string[]): void {
  rejectUnknownKeys(c.record, keys, c.path, c.problems)
}

function none(c: Context): Record<string, never> {
  for (const key of Object.keys(c.record)) problem(c.problems, child(c.path, key), 'unknown key; this fault type takes no attributes')
  return {}
}

function number(c: Context, key: string, rule: NumberRule, required: boolean): number | undefined {
  if (!required && c.record[key] === undefined) return undefined
  return readNumber(c.record[key], child(c.path, key), c.problems, rule)
}

function catalogueCode(c: Context, key: string, required: boolean): string | undefined {
  if (!required && c.record[key] === undefined) return undefined
  const path = child(c.path, key)
  const code = readString(c.record[key], path, c.problems)
  if (code === undefined) return undefined
  if (c.options.knownCodes(code)) return code
  return problem(c.problems, path, `unknown error code ${JSON.stringify(code)}; expected a catalogue entry or alias`)
}

/** An HTTP/2 error name (`REFUSED_STREAM`) or number 0..0xd. */
function h2Code(c: Context, required: boolean): number | string | undefined {
  const value = c.record.code
  if (!required && value === undefined) return undefined
  const path = child(c.path, 'code')
  if (typeof value === 'number') return readNumber(value, path, c.problems, { integer: true, min: 0, max: MAX_H2_ERROR_CODE })
  return readEnum(value, H2_ERROR_NAMES, path, c.problems)
}

/** `base` plus the optional fields that are set (no `key: undefined` in decoded plans). */
function withOptional<B extends object, O extends object>(base: B, optionalFields: O): B & Partial<O> {
  const out = { ...base } as Record<string, unknown>
  for (const [key, value] of Object.entries(optionalFields)) if (value !== undefined) out[key] = value
  return out as B & Partial<O>
}
