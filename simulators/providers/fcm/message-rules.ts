import type { SimResponse } from '../../kernel/index.ts'
import { isValidCondition } from './condition.ts'
import { INVALID_TOKEN, TOO_BIG } from '../../catalogue/wire/fcm-texts.ts'
import { invalidArgument } from '../../catalogue/wire/google-error.ts'
import { isObject, type JsonObject } from './proto-json.ts'
import { isWellFormedToken } from './token-registry.ts'

/**
 * FCM's own checks, run on a message that already parsed (protocols.md
 * §2.2, §2.5–2.7). Where Google's wording for a rule is unknown the answer is
 * the generic `Request contains an invalid argument.` with FcmError
 * INVALID_ARGUMENT, which is what FCM sends for e.g. a reserved data key
 * [obs: firebase-admin-go#159].
 */
export type Target =
  | { kind: 'token'; value: string }
  | { kind: 'topic'; value: string }
  | { kind: 'condition'; value: string }
  | { kind: 'fid'; value: string }

export type RuleResult = { ok: true; target: Target } | { ok: false; response: SimResponse; target: Target | null }

export const RECIPIENT_NOT_SET = 'Recipient of the message is not set.'

/** [doc] `data` + `notification`; topic (and, [interp], condition) sends get half. */
export const PAYLOAD_LIMIT_BYTES = 4096
export const TOPIC_PAYLOAD_LIMIT_BYTES = 2048
export const MAX_TTL_SECONDS = 2_419_200

const TOPIC = /^[a-zA-Z0-9-_.~%]+$/
// [interp] Firebase installation ids: 22 base64url characters, the first one of c–f.
const FID = /^[c-f][A-Za-z0-9_-]{21}$/
const COLOR = /^#[0-9a-fA-F]{6}$/
const RESERVED_KEYS: ReadonlySet<string> = new Set(['from', 'message_type'])

export function checkMessage(message: JsonObject): RuleResult {
  const target = targetOf(message)
  // [obs: beste/firebase-php#308] exact body, BadRequest first then FcmError.
  if (!target) return { ok: false, target, response: invalidArgument(RECIPIENT_NOT_SET, [{ field: 'message', description: RECIPIENT_NOT_SET }]) }
  if (target.kind === 'token' && !isWellFormedToken(target.value)) return rejected(target, invalidArgument(INVALID_TOKEN))
  if (target.kind === 'topic' && !TOPIC.test(target.value)) return rejected(target, invalidArgument())
  if (target.kind === 'condition' && !isValidCondition(target.value)) return rejected(target, invalidArgument())
  if (target.kind === 'fid' && !FID.test(target.value)) return rejected(target, invalidArgument())

  const android = isObject(message.android) ? message.android : {}
  if (hasReservedKey(message.data) || hasReservedKey(android.data)) return rejected(target, invalidArgument())
  if (!androidRulesHold(android)) return rejected(target, invalidArgument())
  if (!webpushLinkIsHttps(message.webpush)) return rejected(target, invalidArgument())

  const limit = target.kind === 'topic' || target.kind === 'condition' ? TOPIC_PAYLOAD_LIMIT_BYTES : PAYLOAD_LIMIT_BYTES
  // [obs: firebase-admin-go#580] wording; details [BadRequest, FcmError] per §2.6, violation field [interp].
  if (payloadBytes(message, android) > limit) return rejected(target, invalidArgument(TOO_BIG, [{ field: 'message', description: TOO_BIG }]))
  return { ok: true, target }
}

function rejected(target: Target, response: SimResponse): RuleResult {
  return { ok: false, target, response }
}

function targetOf(message: JsonObject): Target | null {
  if (typeof message.token === 'string') return { kind: 'token', value: message.token }
  if (typeof message.topic === 'string') return { kind: 'topic', value: message.topic }
  if (typeof message.condition === 'string') return { kind: 'condition', value: message.condition }
  if (typeof message.fid === 'string') return { kind: 'fid', value: message.fid }
  return null
}

/** Reserved: `from`, `message_type`, and keys starting with `google` or `gcm` [doc]. */
function hasReservedKey(data: unknown): boolean {
  if (!isObject(data)) return false
  for (const key of Object.keys(data)) {
    if (RESERVED_KEYS.has(key) || key.startsWith('google') || key.startsWith('gcm')) return true
  }
  return false
}

function androidRulesHold(android: JsonObject): boolean {
  if (typeof android.ttl === 'string') {
    const seconds = Number(android.ttl.slice(0, -1))
    if (!(seconds >= 0 && seconds <= MAX_TTL_SECONDS)) return false
  }
  const notification = android.notification
  return !(isObject(notification) && typeof notification.color === 'string' && !COLOR.test(notification.color))
}

function webpushLinkIsHttps(webpush: unknown): boolean {
  if (!isObject(webpush) || !isObject(webpush.fcm_options)) return true
  const link = webpush.fcm_options.link
  if (typeof link !== 'string') return true
  return URL.canParse(link) && new URL(link).protocol === 'https:'
}

/**
 * Bytes of keys and values of what reaches the Android device: the data map
 * (android.data replaces message.data) and the notification fields [interp
 * of "data + notification, keys and values"].
 */
function payloadBytes(message: JsonObject, android: JsonObject): number {
  const data = isObject(android.data) ? android.data : message.data
  return objectBytes(data) + objectBytes(message.notification) + objectBytes(android.notification)
}

function objectBytes(value: unknown): number {
  if (!isObject(value)) return 0
  let total = 0
  for (const key of Object.keys(value)) {
    const entry = value[key]
    if (typeof entry === 'string') total += Buffer.byteLength(key) + Buffer.byteLength(entry)
    else if (Array.isArray(entry)) total += Buffer.byteLength(key) + entry.reduce((n: number, s) => n + (typeof s === 'string' ? Buffer.byteLength(s) : 0), 0)
  }
  return total
}
