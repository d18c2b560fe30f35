/**
 * Builders of wire forms in each provider's own dialect. Bodies come from
 * the provider cores' constants where they export them, so a fault answers
 * byte for byte as the simulator itself would.
 */
import type { SimResponse } from '../../../kernel/exchange.ts'
import { reasonBody, statusOf, type ApnsReason } from '../../../providers/apns/reasons.ts'
import type { WireSpec, WireTarget } from '../types.ts'

type RespondSpec = Extract<WireSpec, { kind: 'respond' }>

const JSON_TYPE = 'application/json'
const APNS_HEADERS = { 'content-type': JSON_TYPE }
// chrome-answers.ts keeps its content type private; same value (§3.5).
const TEXT_HEADERS = { 'content-type': 'text/plain; charset=utf-8' }

/** §1.7: `{"reason":…}`; 410s add `timestamp` (filled in when rendered). */
export function apnsForm(reason: ApnsReason): RespondSpec {
  const status = statusOf(reason)
  const spec: RespondSpec = { kind: 'respond', status, headers: APNS_HEADERS, body: { reason } }
  if (status === 410) spec.timestamp = true
  return spec
}

/** §1.8 [obs]: GOAWAY(NO_ERROR) with the reason JSON as debug data. */
export const apnsGoaway = (reason: ApnsReason): WireSpec => ({ kind: 'goaway', code: 0, debug: reasonBody(reason) })

/** An FCM answer as a provider builder made it; the body is kept as data and re-serialized by the renderer. */
export function fcmForm(response: SimResponse): RespondSpec {
  return { kind: 'respond', status: response.status, headers: { ...response.headers }, body: JSON.parse(String(response.body)) }
}

/** Reason phrases of error.rs `canonical_reason()`; autopush-answers.ts keeps its (shorter) table private. */
const REASON_PHRASES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  410: 'Gone',
  413: 'Payload Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
}
const MORE_INFO = 'http://autopush.readthedocs.io/en/latest/http.html#error-codes'
const AUTOPUSH_GONE_HEADERS = { 'content-type': JSON_TYPE, 'cache-control': 'max-age=86400' }
const AUTOPUSH_HEADERS = { 'content-type': JSON_TYPE }
/** error.rs RETRY_AFTER_PERIOD: every 503 carries `Retry-After: 120` [src]. */
export const AUTOPUSH_RETRY_AFTER_SECONDS = 120

/** §3.4: `{code, errno, error, message, more_info}`; 410 adds Cache-Control, 503 Retry-After. */
export function autopushForm(status: number, errno: number | null, message: string): RespondSpec {
  const body = { code: status, errno, error: REASON_PHRASES[status] ?? '', message, more_info: MORE_INFO }
  const spec: RespondSpec = { kind: 'respond', status, headers: status === 410 ? AUTOPUSH_GONE_HEADERS : AUTOPUSH_HEADERS, body }
  if (status === 503) spec.retryAfterSeconds = AUTOPUSH_RETRY_AFTER_SECONDS
  return spec
}

/** §3.5: Chrome's push service answers errors in plain text. */
export const chromeForm = (status: number, text: string): RespondSpec => ({ kind: 'respond', status, headers: TEXT_HEADERS, body: text })

/** §3.6: Apple web push answers `{"reason":…}` with an `apns-id` (filled in when rendered). */
export function safariForm(status: number, reason: string, timestamp = false): RespondSpec {
  const spec: RespondSpec = { kind: 'respond', status, headers: APNS_HEADERS, body: { reason } }
  if (timestamp) spec.timestamp = true
  return spec
}

/** Firefox and KaiOS both run autopush (§3.4), so they share one form. */
export const autopushTargets = (spec: WireSpec): Partial<Record<WireTarget, WireSpec>> => ({ firefox: spec, kaios: spec })
