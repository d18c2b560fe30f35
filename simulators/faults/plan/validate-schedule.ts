/** Decodes a schedule (`{ kind: 'every', nth: 1000 }`, …); absent means always, applied by the caller. */
import type { Schedule } from '../spec.ts'
import { child, optional, problem, readNumber, rejectUnknownKeys, type NumberRule, type Problems } from './fields.ts'
import { DURATION, POSITIVE_DURATION, readTagged } from './tagged.ts'

const KINDS = ['always', 'window', 'after', 'every', 'first', 'burst'] as const
const COUNT: NumberRule = { integer: true, min: 0, max: Number.MAX_SAFE_INTEGER }
const POSITIVE_COUNT: NumberRule = { integer: true, min: 1, max: Number.MAX_SAFE_INTEGER }

export function decodeSchedule(value: unknown, path: string, problems: Problems): Schedule | undefined {
  const tagged = readTagged(value, path, problems, KINDS)
  if (tagged === undefined) return undefined
  const { record, kind, read } = tagged

  switch (kind) {
    case 'always':
      rejectUnknownKeys(record, ['kind'], path, problems)
      return { kind }
    case 'window': {
      rejectUnknownKeys(record, ['kind', 'fromMs', 'toMs'], path, problems)
      const fromMs = read('fromMs', DURATION)
      const toMs = optional(record, 'toMs', path, (v, p) => readNumber(v, p, problems, POSITIVE_DURATION))
      if (fromMs === undefined || (record.toMs !== undefined && toMs === undefined)) return undefined
      if (toMs === undefined) return { kind, fromMs }
      if (toMs <= fromMs) return problem(problems, child(path, 'toMs'), `must be above fromMs (${fromMs}), got ${toMs}`)
      return { kind, fromMs, toMs }
    }
    case 'after': {
      rejectUnknownKeys(record, ['kind', 'exchanges'], path, problems)
      const exchanges = read('exchanges', COUNT)
      return exchanges === undefined ? undefined : { kind, exchanges }
    }
    case 'every': {
      rejectUnknownKeys(record, ['kind', 'nth', 'offset'], path, problems)
      const nth = read('nth', POSITIVE_COUNT)
      const offset = optional(record, 'offset', path, (v, p) => readNumber(v, p, problems, COUNT))
      if (nth === undefined || (record.offset !== undefined && offset === undefined)) return undefined
      return offset === undefined ? { kind, nth } : { kind, nth, offset }
    }
    case 'first': {
      rejectUnknownKeys(record, ['kind', 'attempts'], path, problems)
      const attempts = read('attempts', POSITIVE_COUNT)
      return attempts === undefined ? undefined : { kind, attempts }
    }
    case 'burst': {
      rejectUnknownKeys(record, ['kind', 'onMs', 'offMs'], path, problems)
      const onMs = read('onMs', POSITIVE_DURATION)
      const offMs = read('offMs', POSITIVE_DURATION)
      return onMs === undefined || offMs === undefined ? undefined : { kind, onMs, offMs }
    }
  }
}
