/** Decodes a fault's `match`: provider, flavour, route, target, headers, connection. */
import type { ProviderName } from '../../kernel/exchange.ts'
import type { FaultMatch, StringMatch } from '../spec.ts'
import {
  child,
  isRecord,
  preview,
  problem,
  readEnum,
  readNumber,
  readRecord,
  rejectUnknownKeys,
  type NumberRule,
  type PlainRecord,
  type Problems,
} from './fields.ts'

export const MATCH_KEYS: readonly string[] = ['provider', 'flavour', 'route', 'target', 'headers', 'connection']
const PROVIDERS: readonly ProviderName[] = ['apns', 'fcm', 'webpush']
const ORDINAL: NumberRule = { integer: true, min: 1, max: Number.MAX_SAFE_INTEGER }
const STRING_MATCH = 'a string, a non-empty array of strings or { pattern }'

type MutableMatch = { -readonly [K in keyof FaultMatch]: FaultMatch[K] }

export function decodeMatch(value: unknown, path: string, problems: Problems): FaultMatch | undefined {
  const record = readRecord(value, path, problems)
  if (record === undefined) return undefined
  rejectUnknownKeys(record, MATCH_KEYS, path, problems)
  const match: MutableMatch = {}
  if (record.provider !== undefined) match.provider = decodeProvider(record.provider, child(path, 'provider'), problems)
  for (const key of ['flavour', 'route', 'target'] as const) {
    if (record[key] !== undefined) match[key] = decodeStringMatch(record[key], child(path, key), problems)
  }
  if (record.headers !== undefined) match.headers = decodeHeaders(record.headers, child(path, 'headers'), problems)
  if (record.connection !== undefined) match.connection = decodeConnection(record.connection, child(path, 'connection'), problems)
  return match
}

/** Exact string, set of strings, or `{ pattern }` whose regular expression must compile. */
export function decodeStringMatch(value: unknown, path: string, problems: Problems): StringMatch | undefined {
  if (typeof value === 'string') return value
  if (Array.isArray(value)) {
    if (value.length === 0) return problem(problems, path, `expected ${STRING_MATCH}, got []`)
    const bad = value.findIndex((item) => typeof item !== 'string')
    if (bad >= 0) return problem(problems, child(path, bad), `expected a string, got ${preview(value[bad])}`)
    return [...(value as string[])]
  }
  if (!isRecord(value)) return problem(problems, path, `expected ${STRING_MATCH}, got ${preview(value)}`)
  rejectUnknownKeys(value, ['pattern'], path, problems)
  const pattern = value.pattern
  if (typeof pattern !== 'string') return problem(problems, child(path, 'pattern'), `expected a regular expression source, got ${preview(pattern)}`)
  try {
    new RegExp(pattern)
  } catch (error) {
    return problem(problems, child(path, 'pattern'), `invalid regular expression: ${(error as Error).message}`)
  }
  return { pattern }
}

function decodeProvider(value: unknown, path: string, problems: Problems): FaultMatch['provider'] {
  if (!Array.isArray(value)) return readEnum(value, PROVIDERS, path, problems)
  if (value.length === 0) return problem(problems, path, `expected a provider or a non-empty array of: ${PROVIDERS.join(', ')}`)
  const providers = value.map((item, i) => readEnum(item, PROVIDERS, child(path, i), problems))
  return providers.every((p) => p !== undefined) ? providers : undefined
}

function decodeHeaders(value: unknown, path: string, problems: Problems): Record<string, StringMatch> | undefined {
  const record = readRecord(value, path, problems)
  if (record === undefined) return undefined
  const headers: Record<string, StringMatch> = {}
  for (const [name, expected] of Object.entries(record)) {
    const at = child(path, name)
    if (name === '' || name !== name.toLowerCase()) {
      problem(problems, at, 'header names are written in lower case')
      continue
    }
    const decoded = decodeStringMatch(expected, at, problems)
    if (decoded !== undefined) headers[name] = decoded
  }
  return headers
}

function decodeConnection(value: unknown, path: string, problems: Problems): FaultMatch['connection'] {
  if (typeof value === 'number') return readNumber(value, path, problems, ORDINAL)
  if (Array.isArray(value)) {
    if (value.length === 0) return problem(problems, path, 'expected an ordinal, a non-empty array of ordinals or { from, to }')
    const ordinals = value.map((item, i) => readNumber(item, child(path, i), problems, ORDINAL))
    return ordinals.every((n) => n !== undefined) ? ordinals : undefined
  }
  if (!isRecord(value)) return problem(problems, path, `expected an ordinal, an array of ordinals or { from, to }, got ${preview(value)}`)
  return decodeRange(value, path, problems)
}

function decodeRange(record: PlainRecord, path: string, problems: Problems): { from?: number; to?: number } | undefined {
  rejectUnknownKeys(record, ['from', 'to'], path, problems)
  if (record.from === undefined && record.to === undefined) return problem(problems, path, 'give from, to or both')
  const from = record.from === undefined ? undefined : readNumber(record.from, child(path, 'from'), problems, ORDINAL)
  const to = record.to === undefined ? undefined : readNumber(record.to, child(path, 'to'), problems, ORDINAL)
  if (from !== undefined && to !== undefined && to < from) return problem(problems, child(path, 'to'), `must be >= from (${from}), got ${to}`)
  return { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) }
}
