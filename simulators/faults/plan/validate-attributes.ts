/** Decodes `attributes` with the fault type's own decoder; a missing `attributes` reads as `{}`. */
import type { FaultAttributes, FaultType } from '../spec.ts'
import { faultTypeOf } from '../types/index.ts'
import { child, problem, readRecord, rejectUnknownKeys, type Problems } from './fields.ts'
import type { ValidateOptions } from './types.ts'

export function decodeAttributes<T extends FaultType>(
  type: T,
  value: unknown,
  path: string,
  problems: Problems,
  options: ValidateOptions,
): FaultAttributes[T] | undefined {
  const record = value === undefined ? {} : readRecord(value, path, problems)
  if (record === undefined) return undefined
  const definition = faultTypeOf(type)
  if (definition.attributeKeys.length === 0) {
    for (const key of Object.keys(record)) problem(problems, child(path, key), 'unknown key; this fault type takes no attributes')
  } else {
    rejectUnknownKeys(record, definition.attributeKeys, path, problems)
  }
  return definition.decode({ record, path, problems, options }) as FaultAttributes[T] | undefined
}
