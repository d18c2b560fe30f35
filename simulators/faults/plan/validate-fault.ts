/** Decodes one fault: checks every field and applies the defaults (probability 1, schedule always). */
import { findEntry, providersOf } from '../../catalogue/index.ts'
import type { FaultMatch, FaultSpec } from '../spec.ts'
import { child, isRecord, optional, readEnum, readNumber, readRecord, rejectUnknownKeys, problem, type Problems } from './fields.ts'
import type { ValidateOptions } from './types.ts'
import { decodeAttributes } from './validate-attributes.ts'
import { decodeMatch, MATCH_KEYS } from './validate-match.ts'
import { decodeSchedule } from './validate-schedule.ts'
import { FAULT_TYPES, faultTypeOf } from '../types/index.ts'

export { FAULT_TYPES }

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
  if (type !== undefined && faultTypeOf(type).scope === 'connection') rejectRequestFields(record.match, type, child(path, 'match'), problems)
  const probability = optional(record, 'probability', path, (v, p) => readNumber(v, p, problems, { min: 0, max: 1 })) ?? 1
  const schedule = optional(record, 'schedule', path, (v, p) => decodeSchedule(v, p, problems)) ?? { kind: 'always' }
  const attributes = type === undefined ? undefined : decodeAttributes(type, record.attributes, child(path, 'attributes'), problems, options)
  if (problems.length > before || type === undefined || attributes === undefined) return { id, spec: undefined }
  if (!answersOnItsProviders(attributes, match, child(child(path, 'attributes'), 'code'), problems)) return { id, spec: undefined }
  const spec = { type, ...(match === undefined ? {} : { match }), probability, schedule, attributes }
  // Sound: `attributes` was decoded by the decoder of this very `type`.
  return { id, spec: spec as Omit<FaultSpec, 'id'> }
}

function readId(value: unknown, path: string, problems: Problems): string | undefined {
  if (typeof value === 'string' && ID.test(value)) return value
  const got = JSON.stringify(value) ?? typeof value
  return problem(problems, path, `expected 1 to 64 letters, digits, '.', '_' or '-' (starting with a letter or digit), got ${got}`)
}

/** What a connection has before any request: its provider and its ordinal. */
const CONNECTION_MATCH_KEYS: readonly string[] = ['provider', 'connection']

/** A connection-scoped fault is decided when a connection is accepted, before any request names a route, target or header. */
function rejectRequestFields(match: unknown, type: string, path: string, problems: Problems): void {
  if (!isRecord(match)) return
  for (const key of Object.keys(match)) {
    if (MATCH_KEYS.includes(key) && !CONNECTION_MATCH_KEYS.includes(key)) {
      problem(problems, child(path, key), `${type} is connection-scoped: it matches on provider and connection only, decided before any request`)
    }
  }
}

/**
 * A catalogue answer aimed at a provider that has no wire form for it would
 * be accepted and never fire (an APNs reason on web push): refuse it, naming
 * the providers that do answer it. Without a provider the fault fires where
 * it can.
 */
function answersOnItsProviders(attributes: unknown, match: FaultMatch | undefined, path: string, problems: Problems): boolean {
  const code = isRecord(attributes) && typeof attributes.code === 'string' ? attributes.code : undefined
  const entry = code === undefined ? undefined : findEntry(code)
  if (entry === undefined || match?.provider === undefined) return true
  const answering = providersOf(entry)
  const mute = [match.provider].flat().filter((provider) => !answering.includes(provider))
  if (mute.length === 0) return true
  problem(problems, path, `${JSON.stringify(code)} has no wire form on ${mute.join(', ')}: only ${answering.join(', ')} answer${answering.length === 1 ? 's' : ''} with it (pushsim errors --provider ${mute[0]} lists what ${mute[0]} can answer)`)
  return false
}
