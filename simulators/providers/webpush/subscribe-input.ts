import { decodeBase64Url } from './base64url.ts'
import { isWellFormedId, MAX_GIVEN_ID_LENGTH } from './endpoint-paths.ts'
import { canonicalPublicKey, POINT_LENGTH, pointToKeyObject, publicKeyOf } from './p256.ts'
import type { UserAgentKeys } from './subscription-record.ts'
import { BROWSERS, type SubscribeInput } from './types.ts'

/** A subscribe request, checked: everything the store needs, keys and id only when the caller chose them. */
export interface CheckedInput {
  origin: string
  applicationServerKey: string | null
  id: string | undefined
  keys: UserAgentKeys | undefined
}

export interface InputProblem {
  reason: string
  hint?: string
}

/**
 * Every problem of a subscribe request at once. Key and id problems name
 * their field (`keys.auth: expected 16 bytes, got 15`) and never quote the
 * value: a private key stays out of error messages.
 */
export function checkSubscribeInput(input: SubscribeInput): { ok: true; value: CheckedInput } | { ok: false; problems: InputProblem[] } {
  if (typeof input !== 'object' || input === null) return { ok: false, problems: [{ reason: 'the input must be an object' }] }
  const problems: InputProblem[] = []
  if (!BROWSERS.includes(input.browser)) problems.push({ reason: `unknown browser ${JSON.stringify(input.browser)}`, hint: `use one of ${BROWSERS.join(', ')}` })
  const origin = serviceOrigin(input.origin)
  if (origin === undefined) problems.push({ reason: `origin ${JSON.stringify(input.origin)} is not scheme://host[:port]`, hint: "e.g. 'http://127.0.0.1:7775'" })
  let applicationServerKey: string | null = null
  if (input.applicationServerKey === undefined) {
    // Chrome and Safari refuse PushManager.subscribe without a key (Safari
    // always; Chrome unless a gcm_sender_id manifest exists, not simulated).
    if (input.browser === 'chrome' || input.browser === 'safari') {
      problems.push({ reason: `${input.browser} subscriptions need an applicationServerKey`, hint: 'pass the VAPID public key' })
    }
  } else {
    const key = typeof input.applicationServerKey === 'string' ? canonicalPublicKey(input.applicationServerKey) : undefined
    if (key === undefined) {
      problems.push({
        reason: 'applicationServerKey is not a base64url 65-byte uncompressed P-256 point',
        hint: 'use the VAPID public key, e.g. from web-push generateVAPIDKeys()',
      })
    } else applicationServerKey = key
  }
  problems.push(...idProblems(input.id).map((reason) => ({ reason })))
  const keys = input.keys === undefined ? undefined : readKeys(input.keys)
  if (keys !== undefined && 'problems' in keys) problems.push(...keys.problems.map((reason) => ({ reason })))
  if (problems.length > 0 || origin === undefined) return { ok: false, problems }
  return { ok: true, value: { origin, applicationServerKey, id: input.id, keys: keys && 'keys' in keys ? keys.keys : undefined } }
}

/** The reasons alone, for callers that report them with problems of their own (the admin API). */
export function subscribeProblems(input: SubscribeInput): string[] {
  const checked = checkSubscribeInput(input)
  return checked.ok ? [] : checked.problems.map((problem) => problem.reason)
}

function idProblems(id: unknown): string[] {
  if (id === undefined) return []
  if (typeof id !== 'string') return ['id: expected a string']
  if (id.length === 0 || id.length > MAX_GIVEN_ID_LENGTH || !isWellFormedId(id)) {
    return [`id: expected 1 to ${MAX_GIVEN_ID_LENGTH} base64url characters (A-Z a-z 0-9 - _)`]
  }
  return []
}

/** The user agent's keys from base64url text, or every problem with them. */
function readKeys(keys: unknown): { keys: UserAgentKeys } | { problems: string[] } {
  if (typeof keys !== 'object' || keys === null || Array.isArray(keys)) return { problems: ['keys: expected an object {p256dh?, auth, privateKey}'] }
  const { p256dh, auth, privateKey } = keys as Record<string, unknown>
  const problems: string[] = []
  const bytes = (name: string, value: unknown, length: number, what: string, required: boolean): Buffer | undefined => {
    if (value === undefined) {
      if (required) problems.push(`keys.${name}: required`)
      return undefined
    }
    const decoded = typeof value === 'string' ? decodeBase64Url(value) : undefined
    if (decoded === undefined) problems.push(`keys.${name}: not base64url`)
    else if (decoded.length !== length) problems.push(`keys.${name}: expected ${length} bytes (${what}), got ${decoded.length}`)
    else return decoded
    return undefined
  }
  const scalar = bytes('privateKey', privateKey, 32, 'a P-256 private scalar', true)
  const authSecret = bytes('auth', auth, 16, 'the auth secret', true)
  const point = bytes('p256dh', p256dh, POINT_LENGTH, 'an uncompressed P-256 point', false)
  const publicKey = scalar && publicKeyOf(scalar)
  if (scalar && !publicKey) problems.push('keys.privateKey: not a P-256 private key (zero, or not below the curve order)')
  const pointOk = point !== undefined && pointToKeyObject(point) !== undefined
  if (point && !pointOk) problems.push('keys.p256dh: not a point on P-256')
  if (publicKey && point && pointOk && !publicKey.equals(point)) problems.push('keys.privateKey: not the private key of keys.p256dh')
  if (problems.length > 0 || !publicKey || !authSecret) return { problems }
  return { keys: { privateKey: scalar!, publicKey, authSecret } }
}

/** `scheme://host[:port]` with nothing after it, normalised (default port dropped, lower case). */
export function serviceOrigin(text: unknown): string | undefined {
  if (typeof text !== 'string') return undefined
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return undefined
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') return undefined
  return url.origin
}
