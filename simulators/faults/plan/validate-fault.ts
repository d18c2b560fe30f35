/** Decodes one fault: checks every field and applies the defaults (probability 1, schedule always). */
import type { FaultSpec, FaultType } from '../spec.ts'
import { child, optional, readEnum, readNumber, readRecord, rejectUnknownKeys, problem, type Problems } from './fields.ts'
import type { ValidateOptions } from './types.ts'
import { decodeAttributes } from './validate-attributes.ts'
import { decodeMatch } from './validate-match.ts'
import { decodeSchedule } from './validate-schedule.ts'

export const FAULT_TYPES: readonly FaultType[] = [
  'error',
  'latency',
  'hang',
  'reset',
  'close',
  'slow-connect',
  'rst-stream',
  'goaway',
  'max-streams',
  'refuse-stream',
  'outage',
  'rate-limit',
]

const FAULT_KEYS = ['id', 'type', 'match', 'probability', 'schedule', 'attributes']
// Ids name faults in the ledger and in admin API paths (`/faults/<id>`). [interp]
const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/

export interface DecodedFault {
  /** The fault's own id when it gave a valid one. */
  id: string | undefined
  /** The fault without its id, or undefined when it has problems. */
  spec: Omit<FaultSpec, 'id'> | undefined
}

export function decodeFault(value: unknown, path: string, problems: Problems, options: ValidateOptions): DecodedFault {
  const record = readRecord(value, path, problems, 'a fault object')
  if (record === undefined) return { id: undefined, spec: undefined }
  const before = problems.length
  rejectUnknownKeys(record, FAULT_KEYS, path, problems)
  const id = optional(record, 'id', path, (v, p) => readId(v, p, problems))
  const type = readEnum(record.type, FAULT_TYPES, child(path, 'type'), problems)
  const match = optional(record, 'match', path, (v, p) => decodeMatch(v, p, problems))
  const probability = optional(record, 'probability', path, (v, p) => readNumber(v, p, problems, { min: 0, max: 1 })) ?? 1
  const schedule = optional(record, 'schedule', path, (v, p) => decodeSchedule(v, p, problems)) ?? { kind: 'always' }
  const attributes = type === undefined ? undefined : decodeAttributes(type, record.attributes, child(path, 'attributes'), problems, options)
  if (problems.length > before || type === undefined || attributes === undefined) return { id, spec: undefined }
  const spec = { type, ...(match === undefined ? {} : { match }), probability, schedule, attributes }
  // Sound: `attributes` was decoded by the decoder of this very `type`.
  return { id, spec: spec as Omit<FaultSpec, 'id'> }
}

function readId(value: unknown, path: string, problems: Problems): string | undefined {
  if (typeof value === 'string' && ID.test(value)) return value
  const got = JSON.stringify(value) ?? typeof value
  return problem(problems, path, `expected 1 to 64 letters, digits, '.', '_' or '-' (starting with a letter or digit), got ${got}`)
}
