/**
 * Builders of wire forms in each provider's own dialect. Bodies, texts and
 * headers come from `../wire/`, which the provider cores answer with too, so
 * a fault answers byte for byte as the simulator itself would.
 */
import type { SimResponse } from '../../kernel/exchange.ts'
import { APPLE_JSON_TYPE } from '../wire/apple-web.ts'
import { reasonBody, statusOf, type ApnsReason } from '../wire/apns-reasons.ts'
import { AUTOPUSH_RETRY_AFTER_SECONDS, autopushErrorBody, autopushErrorHeaders } from '../wire/autopush.ts'
import { CHROME_TEXT_TYPE } from '../wire/chrome-texts.ts'
import type { WireSpec, WireTarget } from '../types.ts'

type RespondSpec = Extract<WireSpec, { kind: 'respond' }>

const APNS_HEADERS = { 'content-type': 'application/json' }
const TEXT_HEADERS = { 'content-type': CHROME_TEXT_TYPE }
const APPLE_HEADERS = { 'content-type': APPLE_JSON_TYPE }

/** §1.7: `{"reason":…}`; 410s add `timestamp` (filled in when rendered). */
export function apnsForm(reason: ApnsReason): RespondSpec {
  const status = statusOf(reason)
  const spec: RespondSpec = { kind: 'respond', status, headers: APNS_HEADERS, body: { reason } }
  if (status === 410) spec.timestamp = true
  return spec
}

/** §1.8 [obs]: GOAWAY(NO_ERROR) with the reason JSON as debug data. */
export const apnsGoaway = (reason: ApnsReason): WireSpec => ({ kind: 'goaway', code: 0, debug: reasonBody(reason) })

/** An FCM answer as a wire builder made it; the body is kept as data and re-serialized by the renderer. */
export function fcmForm(response: SimResponse): RespondSpec {
  return { kind: 'respond', status: response.status, headers: { ...response.headers }, body: JSON.parse(String(response.body)) }
}

/** §3.4: `{code, errno, error, message, more_info}`; 410 adds Cache-Control, 503 Retry-After. */
export function autopushForm(status: number, errno: number | null, message: string): RespondSpec {
  const spec: RespondSpec = { kind: 'respond', status, headers: autopushErrorHeaders(status), body: { ...autopushErrorBody(status, errno, message) } }
  if (status === 503) spec.retryAfterSeconds = AUTOPUSH_RETRY_AFTER_SECONDS
  return spec
}

/** §3.5: Chrome's push service answers errors in plain text. */
export const chromeForm = (status: number, text: string): RespondSpec => ({ kind: 'respond', status, headers: TEXT_HEADERS, body: text })

/** §3.6: Apple web push answers `{"reason":…}` (no body without a reason) with an `apns-id` (filled in when rendered). */
export function safariForm(status: number, reason?: string): RespondSpec {
  return reason === undefined ? { kind: 'respond', status, headers: APPLE_HEADERS } : { kind: 'respond', status, headers: APPLE_HEADERS, body: { reason } }
}

/** Firefox and KaiOS both run autopush (§3.4), so they share one form. */
export const autopushTargets = (spec: WireSpec): Partial<Record<WireTarget, WireSpec>> => ({ firefox: spec, kaios: spec })
