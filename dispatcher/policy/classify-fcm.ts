import type { Classification } from './classification.ts'
import { ACCEPTED, errorOf, isSuccess, type ErrorRow, type ProviderResponse } from './error-of.ts'
import { fcmEnvelopeOf, type FcmEnvelope } from './fcm-envelope.ts'

/*
 * FCM HTTP v1 (protocols.md §2.4–2.6) → the "Chrome over FCM" codes of push-semantics §3,
 * inverting protocols §4.4. Read in firebase-admin's order: FcmError errorCode, then the
 * ErrorInfo reason, then `status`, then the HTTP status.
 */
export const PUSH_UNREG: ErrorRow = ['push_unreg', 'dead-address']
export const INVALID_ARGUMENT: ErrorRow = ['fcm_invalid_argument', 'bad-message']
export const RATE_EXCEEDED: ErrorRow = ['fcm_sending_rate_exceeded', 'transient']
export const INTERNAL: ErrorRow = ['fcm_internal_server_error', 'transient']
export const OAUTH_EXPIRED: ErrorRow = ['fcm_oauth2_token_expired', 'credentials']
export const WRONG_SENDER: ErrorRow = ['gcm_msi', 'configuration']
export const INVALID_KEY: ErrorRow = ['gcm_ia', 'configuration']
/** Unknown cause: protocols §4.4 says no automatic retry, so it fails like a bad message (interpretation). */
export const OTHERS: ErrorRow = ['gcm_others', 'bad-message']

const BY_FCM_ERROR_CODE: Readonly<Record<string, ErrorRow>> = {
  UNREGISTERED: PUSH_UNREG,
  UNREGISTERED_FID: PUSH_UNREG,
  INVALID_ARGUMENT,
  SENDER_ID_MISMATCH: WRONG_SENDER,
  QUOTA_EXCEEDED: RATE_EXCEEDED,
  UNAVAILABLE: INTERNAL,
  INTERNAL,
  // APNs or web push key rejected by the third party: fix the key (interpretation: "invalid FCM key").
  THIRD_PARTY_AUTH_ERROR: INVALID_KEY,
  APNS_AUTH_ERROR: INVALID_KEY,
  UNSPECIFIED_ERROR: OTHERS,
}

const BY_STATUS_NAME: Readonly<Record<string, ErrorRow>> = {
  NOT_FOUND: PUSH_UNREG,
  PERMISSION_DENIED: WRONG_SENDER,
  // Without an FcmError, a 401 is our OAuth token (protocols §2.6 quirk): refresh it once.
  UNAUTHENTICATED: OAUTH_EXPIRED,
  RESOURCE_EXHAUSTED: RATE_EXCEEDED,
  INTERNAL,
  UNAVAILABLE: INTERNAL,
}

function rowOfHttpStatus(status: number): ErrorRow {
  if (status === 401) return OAUTH_EXPIRED
  if (status === 403) return WRONG_SENDER
  if (status === 404) return PUSH_UNREG
  if (status === 429) return RATE_EXCEEDED
  if (status >= 500) return INTERNAL
  return OTHERS
}

const lookup = (table: Readonly<Record<string, ErrorRow>>, key: string | undefined): ErrorRow | undefined =>
  key !== undefined && Object.hasOwn(table, key) ? table[key] : undefined

function rowOfEnvelope(envelope: FcmEnvelope): ErrorRow | undefined {
  // An iOS token APNs calls gone (410), whatever FcmError rides along (protocols §2.6 variant 2).
  if (envelope.apnsStatus === 410) return PUSH_UNREG
  const byCode = lookup(BY_FCM_ERROR_CODE, envelope.fcmErrorCode)
  if (byCode) return byCode
  if (envelope.errorInfoReason === 'ACCESS_TOKEN_EXPIRED') return OAUTH_EXPIRED
  // protocols §4.4: INVALID_ARGUMENT with a BadRequest detail is the argument error; bare, the catch-all.
  if (envelope.status === 'INVALID_ARGUMENT') return envelope.badRequest ? INVALID_ARGUMENT : OTHERS
  return lookup(BY_STATUS_NAME, envelope.status)
}

/** The row of an FCM v1 error response (also used for JSON answers on Chrome's FCM endpoints). */
export function fcmRowOf(response: ProviderResponse): ErrorRow {
  const envelope = fcmEnvelopeOf(response.body)
  return (envelope && rowOfEnvelope(envelope)) ?? rowOfHttpStatus(response.status)
}

export function classifyFcm(response: ProviderResponse, retryAfterMs: number | undefined): Classification {
  if (isSuccess(response.status)) return ACCEPTED
  return errorOf(fcmRowOf(response), retryAfterMs)
}
