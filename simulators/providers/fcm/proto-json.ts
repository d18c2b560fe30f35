import type { FieldViolation } from '../../catalogue/wire/google-error.ts'

/**
 * A small proto3-JSON reader that rejects what Google's API front end
 * rejects, with its wording (§2.2): unknown names ("Cannot find field."),
 * values of the wrong type ("Invalid value at '<path>' (<TYPE>), <value>"),
 * and a second member of a oneof. Both the proto name (`collapse_key`) and
 * the lowerCamelCase JSON name (`collapseKey`) are accepted, as ESF does.
 * Output objects use proto names only, so the FCM rules read one spelling.
 */
export type FieldSpec =
  | { kind: 'string' | 'bool' | 'int32' | 'float' | 'duration' | 'timestamp' | 'struct' }
  | { kind: 'enum'; type: string; values: readonly string[] }
  | { kind: 'map'; type: string }
  | { kind: 'message'; schema: MessageSchema }
  | { kind: 'repeated'; of: FieldSpec }

export interface MessageSchema {
  readonly type: string
  /** JSON name (proto or lowerCamel) → proto name and spec. */
  readonly fields: ReadonlyMap<string, { readonly name: string; readonly spec: FieldSpec }>
  /** Proto names of a oneof's members, and the oneof's own name. */
  readonly oneof?: { readonly name: string; readonly members: ReadonlySet<string> }
}

const camel = (name: string): string => name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())

export function messageSchema(
  type: string,
  fields: Record<string, FieldSpec>,
  oneof?: { name: string; members: readonly string[] },
): MessageSchema {
  const byJsonName = new Map<string, { name: string; spec: FieldSpec }>()
  for (const [name, spec] of Object.entries(fields)) {
    byJsonName.set(name, { name, spec })
    byJsonName.set(camel(name), { name, spec })
  }
  return { type, fields: byJsonName, ...(oneof ? { oneof: { name: oneof.name, members: new Set(oneof.members) } } : {}) }
}

export type JsonObject = Record<string, unknown>
export const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const PREFIX = 'Invalid JSON payload received. '
const DURATION = /^-?\d{1,12}(\.\d{1,9})?s$/
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/
const INTEGER = /^-?\d+$/
const NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/
const INT32_MIN = -(2 ** 31)
const INT32_MAX = 2 ** 31 - 1

const SCALAR_TYPES: Record<string, string> = {
  string: 'TYPE_STRING',
  bool: 'TYPE_BOOL',
  int32: 'TYPE_INT32',
  float: 'TYPE_FLOAT',
  duration: 'type.googleapis.com/google.protobuf.Duration',
  timestamp: 'type.googleapis.com/google.protobuf.Timestamp',
  struct: 'type.googleapis.com/google.protobuf.Struct',
}

function typeLabel(spec: FieldSpec): string {
  switch (spec.kind) {
    case 'enum':
    case 'map':
      return `type.googleapis.com/${spec.type}`
    case 'message':
      return `type.googleapis.com/${spec.schema.type}`
    case 'repeated':
      return typeLabel(spec.of)
    default:
      return SCALAR_TYPES[spec.kind]!
  }
}

const repr = (value: unknown): string => (value === undefined ? 'null' : JSON.stringify(value))

/** Reads `value` as a message of `schema` located at `path` ('' for the request root). */
export function readMessage(value: JsonObject, schema: MessageSchema, path: string, violations: FieldViolation[]): JsonObject {
  const out: JsonObject = {}
  let oneofSet: string | undefined
  for (const jsonName of Object.keys(value)) {
    const field = schema.fields.get(jsonName)
    if (!field) {
      const description = path === ''
        ? `${PREFIX}Unknown name ${JSON.stringify(jsonName)}: Cannot find field.`
        : `${PREFIX}Unknown name ${JSON.stringify(jsonName)} at '${path}': Cannot find field.`
      violations.push(path === '' ? { description } : { field: path, description })
      continue
    }
    const raw = value[jsonName]
    if (raw === null) continue // proto3 JSON: null is the default value, i.e. unset
    if (schema.oneof?.members.has(field.name)) {
      if (oneofSet !== undefined && oneofSet !== field.name) {
        // [interp] protobuf's JSON parser wording for a second oneof member.
        const description = `${PREFIX}Unknown name ${JSON.stringify(jsonName)} at '${path}': oneof field '${schema.oneof.name}' is already set. Cannot set '${field.name}'`
        violations.push({ field: path, description })
        continue
      }
      oneofSet = field.name
    }
    const childPath = path === '' ? field.name : `${path}.${field.name}`
    const read = readValue(raw, field.spec, childPath, violations)
    if (read !== undefined) out[field.name] = read
  }
  return out
}

function invalid(path: string, spec: FieldSpec, value: unknown, violations: FieldViolation[]): undefined {
  violations.push({ field: path, description: `Invalid value at '${path}' (${typeLabel(spec)}), ${repr(value)}` })
  return undefined
}

function readValue(value: unknown, spec: FieldSpec, path: string, violations: FieldViolation[]): unknown {
  switch (spec.kind) {
    case 'string':
      return typeof value === 'string' ? value : invalid(path, spec, value, violations)
    case 'bool':
      return typeof value === 'boolean' ? value : invalid(path, spec, value, violations)
    case 'int32': {
      const n = typeof value === 'string' && INTEGER.test(value) ? Number(value) : value
      return Number.isInteger(n) && (n as number) >= INT32_MIN && (n as number) <= INT32_MAX ? n : invalid(path, spec, value, violations)
    }
    case 'float':
      if (typeof value === 'number') return value
      return typeof value === 'string' && NUMBER.test(value) ? Number(value) : invalid(path, spec, value, violations)
    case 'duration':
      return typeof value === 'string' && DURATION.test(value) ? value : invalid(path, spec, value, violations)
    case 'timestamp':
      return typeof value === 'string' && TIMESTAMP.test(value) ? value : invalid(path, spec, value, violations)
    case 'struct':
      return isObject(value) ? value : invalid(path, spec, value, violations)
    case 'enum':
      return readEnum(value, spec, path, violations)
    case 'map':
      return readStringMap(value, spec, path, violations)
    case 'message':
      return isObject(value) ? readMessage(value, spec.schema, path, violations) : invalid(path, spec, value, violations)
    case 'repeated': {
      if (!Array.isArray(value)) return invalid(path, spec, value, violations)
      return value.map((item, i) => (item === null ? invalid(`${path}[${i}]`, spec.of, item, violations) : readValue(item, spec.of, `${path}[${i}]`, violations)))
    }
  }
}

/** Enum names match case-insensitively: firebase-admin sends `"high"` for `HIGH` and FCM takes it (§2.2). */
function readEnum(value: unknown, spec: Extract<FieldSpec, { kind: 'enum' }>, path: string, violations: FieldViolation[]): unknown {
  if (typeof value === 'string') {
    const name = value.toUpperCase()
    if (spec.values.includes(name)) return name
  } else if (Number.isInteger(value) && (value as number) >= 0 && (value as number) < spec.values.length) {
    return spec.values[value as number]
  }
  return invalid(path, spec, value, violations)
}

/** map<string,string>: entries are addressed by position, e.g. `message.data[0].value` (§2.6). */
function readStringMap(value: unknown, spec: FieldSpec, path: string, violations: FieldViolation[]): unknown {
  if (!isObject(value)) return invalid(path, spec, value, violations)
  let index = 0
  for (const key of Object.keys(value)) {
    const entry = value[key]
    if (typeof entry !== 'string') invalid(`${path}[${index}].value`, { kind: 'string' }, entry, violations)
    index++
  }
  return value
}
