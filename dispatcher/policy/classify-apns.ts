import type { Classification } from './classification.ts'
import { ACCEPTED, appleReasonOf, errorOf, isSuccess, type ErrorRow, type ProviderResponse } from './error-of.ts'

/*
 * APNs (protocols.md §1.7) → dashboard codes (push-semantics §3) and classes (§4).
 * The six apns_* codes where protocols §4.1 names the response; where §4.1 is silent
 * and §4.5 names it, the Safari label of §3 (interpretation): 410 → DeviceTokenInactiveForTopic,
 * 503 → ServerUnavailable, other malformed-request reasons → BadRequest. Payload too large has
 * no APNs code: it takes the dashboard's `payload_too_large` (interpretation).
 */
const TOKEN_FORMAT: ErrorRow = ['apns_token_format', 'dead-address']
const AUTH_ERROR: ErrorRow = ['apns_auth_error', 'configuration']
const AUTH_REFRESH: ErrorRow = ['apns_auth_error', 'credentials']
const INACTIVE: ErrorRow = ['DeviceTokenInactiveForTopic', 'dead-address']
const BAD_REQUEST: ErrorRow = ['BadRequest', 'bad-message']
const UNAVAILABLE: ErrorRow = ['ServerUnavailable', 'transient']
const UNKNOWN: ErrorRow = ['apns_unknown', 'transient']
const TOO_LARGE: ErrorRow = ['payload_too_large', 'bad-message']

export const APNS_REASONS: Readonly<Record<string, ErrorRow>> = {
  // Apple: never retry; the token is dead for this app (§4 dead address).
  BadDeviceToken: TOKEN_FORMAT,
  // protocols §4.1: apns_token_format's form "for an empty path segment"; §4 puts the code under dead address.
  MissingDeviceToken: TOKEN_FORMAT,
  DeviceTokenNotForTopic: TOKEN_FORMAT,
  Unregistered: INACTIVE,
  ExpiredToken: INACTIVE,
  // Apple: fix the request first (§4 bad message). §4.1 names none of these; §4.5 BadRequest is the
  // malformed request, whatever the reason (TopicDisallowed too), and its status (404 :path, 405 :method).
  PayloadEmpty: ['apns_empty_payload', 'bad-message'],
  PayloadTooLarge: TOO_LARGE,
  BadCollapseId: BAD_REQUEST,
  BadExpirationDate: BAD_REQUEST,
  BadMessageId: BAD_REQUEST,
  BadPriority: BAD_REQUEST,
  BadTopic: BAD_REQUEST,
  DuplicateHeaders: BAD_REQUEST,
  InvalidPushType: BAD_REQUEST,
  MissingTopic: BAD_REQUEST,
  TopicDisallowed: BAD_REQUEST,
  BadPath: BAD_REQUEST,
  MethodNotAllowed: BAD_REQUEST,
  // Certificate or key problems: every delivery on that credential fails the same way (§4 configuration).
  BadCertificate: AUTH_ERROR,
  BadCertificateEnvironment: AUTH_ERROR,
  InvalidProviderToken: AUTH_ERROR,
  MissingProviderToken: AUTH_ERROR,
  BadEnvironmentKeyIdInToken: AUTH_ERROR,
  BadEnvironmentKeyInToken: AUTH_ERROR,
  Forbidden: AUTH_ERROR,
  // Apple: retry at once with a fresh JWT (§4 credentials). UnrelatedKeyIdInToken asks for a new
  // connection, which a fresh credential gives: a token minted within 20 min of a connection's own
  // goes on a fresh one (protocols §1.6; interpretation).
  ExpiredProviderToken: AUTH_REFRESH,
  UnrelatedKeyIdInToken: AUTH_REFRESH,
  // protocols §4.1: the account-level refusal that stands for the "temporary blacklist"; push-semantics §4
  // classes apns_temp_blacklist as configuration (no retry), which wins over Apple's retry guidance (§1.7).
  TooManyProviderTokenUpdates: ['apns_temp_blacklist', 'configuration'],
  TooManyRequests: ['apns_toomany_same_token', 'transient'],
  InternalServerError: UNKNOWN,
  ServiceUnavailable: UNAVAILABLE,
  Shutdown: UNAVAILABLE,
  // A connection-level reason: reconnect and retry.
  IdleTimeout: UNKNOWN,
}

/** An unknown reason, or a body that is not JSON (apns2's `UnknownError`), by status. */
function rowOfStatus(status: number): ErrorRow {
  if (status === 403) return AUTH_ERROR
  if (status === 410) return INACTIVE
  if (status === 413) return TOO_LARGE
  if (status === 429) return APNS_REASONS.TooManyRequests!
  if (status === 503) return UNAVAILABLE
  if (status >= 400 && status < 500) return BAD_REQUEST
  return UNKNOWN
}

export function apnsRowOfReason(reason: string | undefined): ErrorRow | undefined {
  return reason !== undefined && Object.hasOwn(APNS_REASONS, reason) ? APNS_REASONS[reason] : undefined
}

export function classifyApns(response: ProviderResponse, retryAfterMs: number | undefined): Classification {
  if (isSuccess(response.status)) return ACCEPTED
  const row = apnsRowOfReason(appleReasonOf(response.body)) ?? rowOfStatus(response.status)
  return errorOf(row, retryAfterMs)
}
