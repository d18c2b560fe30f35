/**
 * CLI shorthand for one fault (`pushsim serve --fault …`, `pushsim faults add …`):
 *
 *   <provider|*>:<type>[=<value>][:<key>=<value>]...
 *
 *   apns:error=Unregistered:p=0.05                    Unregistered on 5 % of APNs pushes
 *   fcm:error=QUOTA_EXCEEDED:retry-after=60:first=2   the first 2 attempts per token, Retry-After: 60
 *   *:latency=lognormal(50,400)                       median 50 ms, p99 400 ms; also fixed(200) or 200,
 *                                                     uniform(min,max), normal(mean,sd), pareto(scale,shape)
 *   apns:goaway=Shutdown:every=1000                   the value is the GOAWAY reason; code=<h2 error> sets the code,
 *                                                     graceful=true the two-phase shutdown
 *   webpush:hang:target=<subscription id>
 *   fcm:rate-limit=600000/min:key=project             600000 tokens, refilled over a minute, per project
 *   apns:max-streams=1
 *   *:outage:window=10s-20s:retry-after=30
 *   apns:rst-stream=INTERNAL_ERROR:after-bytes=5      the headers and 5 body bytes, then RST_STREAM
 *   fcm:dribble=400                                   the body at 400 bytes a second
 *   apns:headers-only                                 the headers, then nothing (headers-only=16: and 16 body bytes)
 *   fcm:window-stall=16                               connection faults: window-stall, settings-no-ack, ping-no-ack,
 *                                                     slow-connect
 *
 * Keys: p, id, flavour, route, target (`exact`, `a,b` set, `/regex/`); one schedule of
 * every=N, after=N, first=K, window=FROM-[TO], burst=ON/OFF; and the keys of
 * each type (retry-after, stage, code, after-bytes, graceful, key), listed in
 * its definition (../types/<type>.ts). Durations take ms, s, m or h (a bare number is ms).
 * A ':' starts a new part only when `<key>=` follows, so values such as
 * `autopush:106` or an FCM token `abc:APA91b…` stay whole.
 *
 * The result is a raw fault for validatePlan; it is also checked here, so a
 * problem names the part that caused it (`--fault[0]:p`).
 */
import type { FaultType, PlanProblem } from '../spec.ts'
import { FAULT_TYPE_REGISTRY, FAULT_TYPES, faultTypeOf } from '../types/index.ts'
import { KEY_RULES, type PartParser, type PartResult } from './shorthand-parts.ts'
import type { ValidateOptions } from './types.ts'
import { decodeFault } from './validate-fault.ts'

export type ShorthandResult = { ok: true; fault: unknown } | { ok: false; problems: PlanProblem[] }

const PROVIDERS = ['apns', 'fcm', 'webpush']
const PART_BOUNDARY = /:(?=[a-z][a-z0-9-]*=)/

/** The types that take each type-specific key, in registry order. */
const TYPES_BY_KEY = new Map<string, FaultType[]>()
for (const definition of FAULT_TYPE_REGISTRY) {
  for (const key of Object.keys(definition.shorthand.keys ?? {})) TYPES_BY_KEY.set(key, [...(TYPES_BY_KEY.get(key) ?? []), definition.name])
}
const KEYS = [...Object.keys(KEY_RULES), ...TYPES_BY_KEY.keys()]

/** A key as one part reads it: every type's key, or the keys of the types that take it. */
interface Key {
  schedule: boolean
  /** The types that take the key; undefined: every type. */
  types: readonly FaultType[] | undefined
  parse: PartParser
}

/**
 * @param index the fault's position among the `--fault` options, for problem paths
 * @param options catalogue check for error codes; without it any code passes here (validatePlan checks it later)
 */
export function parseShorthand(text: string, index = 0, options?: Partial<ValidateOptions>): ShorthandResult {
  const at = (part?: string): string => (part === undefined ? `--fault[${index}]` : `--fault[${index}]:${part}`)
  const problems: PlanProblem[] = []
  const report = (part: string | undefined, message: string): void => void problems.push({ path: at(part), message })
  const fault: Record<string, unknown> = {}
  const origins = new Map<string, string>()
  const apply = (part: string, result: PartResult): void => {
    if (!result.ok) return report(part, result.message)
    for (const [field, value] of result.assignments) {
      setField(fault, field, value)
      origins.set(field, part)
    }
  }

  const source = text.trim()
  const colon = source.indexOf(':')
  if (colon < 0) {
    report(undefined, `expected <provider|*>:<type>[=<value>][:<key>=<value>]..., got ${JSON.stringify(text)}`)
    return { ok: false, problems }
  }
  const provider = source.slice(0, colon)
  if (PROVIDERS.includes(provider)) apply('provider', { ok: true, assignments: [['match.provider', provider]] })
  else if (provider !== '*') report('provider', `expected apns, fcm, webpush or *, got ${JSON.stringify(provider)}`)

  const [head = '', ...pairs] = source.slice(colon + 1).split(PART_BOUNDARY)
  const type = readType(head, fault, apply, report)
  const given = new Set<string>()
  let scheduleKey: string | undefined
  for (const pair of pairs) {
    const equals = pair.indexOf('=')
    const key = pair.slice(0, equals)
    const rule = keyRule(key, type)
    const misuse = keyMisuse(rule, given.has(key), scheduleKey, type)
    if (misuse !== undefined) report(key, misuse)
    else apply(key, rule!.parse(pair.slice(equals + 1)))
    given.add(key)
    if (rule?.schedule) scheduleKey ??= key
  }
  for (const [key, example] of (type === undefined ? undefined : faultTypeOf(type).shorthand.requiredKeys) ?? []) {
    if (!given.has(key)) report(key, `required for ${type}, e.g. ${example}`)
  }
  if (problems.length > 0) return { ok: false, problems }

  const checked: PlanProblem[] = []
  decodeFault(fault, '', checked, { knownCodes: options?.knownCodes ?? (() => true) })
  if (checked.length > 0) return { ok: false, problems: checked.map((p) => toShorthandProblem(p, origins, at)) }
  return { ok: true, fault }
}

/** `error=Unregistered` → type `error`, code `Unregistered`. */
function readType(
  head: string,
  fault: Record<string, unknown>,
  apply: (part: string, result: PartResult) => void,
  report: (part: string, message: string) => void,
): FaultType | undefined {
  const equals = head.indexOf('=')
  const name = equals < 0 ? head : head.slice(0, equals)
  const type = FAULT_TYPES.find((t) => t === name)
  if (type === undefined) return void report('type', `unknown fault type ${JSON.stringify(name)}; expected one of: ${FAULT_TYPES.join(', ')}`)
  fault.type = type
  fault.attributes = {}
  const rule = faultTypeOf(type).shorthand.value
  if (equals >= 0 && rule === undefined) report(type, 'takes no value')
  else if (equals >= 0) apply(type, rule!.parse(head.slice(equals + 1)))
  else if (rule?.example !== undefined) report(type, `needs a value, e.g. ${rule.example}`)
  return type
}

/** A key every fault takes, or one of the fault's type (of the first type that takes it, when the type is unknown). */
function keyRule(key: string, type: FaultType | undefined): Key | undefined {
  if (Object.hasOwn(KEY_RULES, key)) return { schedule: KEY_RULES[key]!.schedule === true, types: undefined, parse: KEY_RULES[key]!.parse }
  const types = TYPES_BY_KEY.get(key)
  if (types === undefined) return undefined
  const owner = type !== undefined && types.includes(type) ? type : types[0]!
  return { schedule: false, types, parse: faultTypeOf(owner).shorthand.keys![key]! }
}

function keyMisuse(rule: Key | undefined, repeated: boolean, scheduleKey: string | undefined, type: FaultType | undefined): string | undefined {
  if (rule === undefined) return `unknown key; expected one of: ${KEYS.join(', ')}`
  if (repeated) return 'given twice'
  if (rule.schedule && scheduleKey !== undefined) return `one schedule per fault; ${scheduleKey} is already given`
  if (type !== undefined && rule.types !== undefined && !rule.types.includes(type)) return `applies to ${rule.types.join(', ')} faults only`
  return undefined
}

function setField(target: Record<string, unknown>, field: string, value: unknown): void {
  const names = field.split('.')
  let node = target
  for (const name of names.slice(0, -1)) {
    node[name] ??= {}
    node = node[name] as Record<string, unknown>
  }
  node[names[names.length - 1]!] = value
}

/** `attributes.distribution.p99Ms` set by `latency=` → `--fault[0]:latency`, "p99Ms: must be above …". */
function toShorthandProblem(p: PlanProblem, origins: ReadonlyMap<string, string>, at: (part?: string) => string): PlanProblem {
  let best: string | undefined
  for (const field of origins.keys()) {
    const covers = p.path === field || p.path.startsWith(`${field}.`) || p.path.startsWith(`${field}[`)
    if (covers && (best === undefined || field.length > best.length)) best = field
  }
  if (best === undefined) return { path: at(), message: `${p.path}: ${p.message}` }
  const tail = p.path.slice(best.length)
  const rest = tail.startsWith('.') ? tail.slice(1) : tail
  return { path: at(origins.get(best)), message: rest === '' ? p.message : `${rest}: ${p.message}` }
}
