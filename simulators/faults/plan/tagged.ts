import { MAX_DURATION_MS } from '../sampling/distributions.ts'
import { child, readEnum, readNumber, readRecord, type NumberRule, type Problems } from './fields.ts'

export const DURATION: NumberRule = { min: 0, max: MAX_DURATION_MS }
export const POSITIVE_DURATION: NumberRule = { above: 0, max: MAX_DURATION_MS }

/**
 * The common start of decoding a `{ kind, … }` record (a distribution, a
 * schedule): the record, its kind, and a reader for its numeric fields.
 */
export function readTagged<K extends string>(
  value: unknown,
  path: string,
  problems: Problems,
  kinds: readonly K[],
): { record: Record<string, unknown>; kind: K; read: (key: string, rule: NumberRule) => number | undefined } | undefined {
  const record = readRecord(value, path, problems)
  if (record === undefined) return undefined
  const kind = readEnum(record.kind, kinds, child(path, 'kind'), problems)
  if (kind === undefined) return undefined
  return { record, kind, read: (key, rule) => readNumber(record[key], child(path, key), problems, rule) }
}
