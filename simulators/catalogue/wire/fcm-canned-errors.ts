import type { SimResponse } from '../../kernel/index.ts'
import { errorInfoDetail, fcmErrorDetail, googleError, type GoogleDetail } from './google-error.ts'
import { INVALID_CREDENTIALS, INVALID_TOKEN, permissionDenied } from './fcm-texts.ts'

/**
 * The §2.6 catalogue as ready answers, for fault injection and the
 * dashboard codes of §4.4. Tags follow §2.6; texts marked [unverified]
 * there are Google's standard wording.
 */
export type FcmCannedError =
  | 'INVALID_ARGUMENT'
  | 'UNREGISTERED'
  | 'UNREGISTERED_APNS'
  | 'APNS_TOKEN_DISABLED'
  | 'SENDER_ID_MISMATCH'
  | 'QUOTA_EXCEEDED'
  | 'THIRD_PARTY_AUTH_ERROR'
  | 'ACCESS_TOKEN_EXPIRED'
  | 'PERMISSION_DENIED'
  | 'API_DISABLED'
  | 'INTERNAL'
  | 'UNAVAILABLE'
  | 'UNSPECIFIED_ERROR'

export interface CannedErrorOptions {
  /** Project id or number quoted by PERMISSION_DENIED / API_DISABLED; default `my-project`. */
  project?: string
  /** Adds `Retry-After` (QUOTA_EXCEEDED, UNAVAILABLE, INTERNAL). */
  retryAfterSeconds?: number
}

const apnsErrorDetail = (statusCode: number, reason: string): GoogleDetail => ({
  '@type': 'type.googleapis.com/google.firebase.fcm.v1.ApnsError',
  statusCode,
  reason,
})

export function fcmCannedError(kind: FcmCannedError, options: CannedErrorOptions = {}): SimResponse {
  const project = options.project ?? 'my-project'
  const retry = options.retryAfterSeconds === undefined ? undefined : { 'retry-after': String(options.retryAfterSeconds) }
  switch (kind) {
    case 'INVALID_ARGUMENT':
      return googleError(400, 'INVALID_ARGUMENT', INVALID_TOKEN, [fcmErrorDetail('INVALID_ARGUMENT')])
    case 'UNREGISTERED':
      return googleError(404, 'NOT_FOUND', 'Requested entity was not found.', [fcmErrorDetail('UNREGISTERED')])
    case 'UNREGISTERED_APNS':
      return googleError(404, 'NOT_FOUND', 'Requested entity was not found.', [
        fcmErrorDetail('UNREGISTERED'),
        apnsErrorDetail(410, 'Unregistered'),
      ])
    case 'APNS_TOKEN_DISABLED':
      return googleError(400, 'INVALID_ARGUMENT', 'APNs device token is disabled.', [
        fcmErrorDetail('INVALID_ARGUMENT'),
        apnsErrorDetail(410, 'Unregistered'),
      ])
    case 'SENDER_ID_MISMATCH':
      return googleError(403, 'PERMISSION_DENIED', 'SenderId mismatch', [fcmErrorDetail('SENDER_ID_MISMATCH')])
    case 'QUOTA_EXCEEDED':
      // QuotaFailure detail left out: its content is unverified (§5.5).
      return googleError(429, 'RESOURCE_EXHAUSTED', 'Topic quota exceeded.', [fcmErrorDetail('QUOTA_EXCEEDED')], retry)
    case 'THIRD_PARTY_AUTH_ERROR':
      return googleError(401, 'UNAUTHENTICATED', 'Auth error from APNS or Web Push Service', [
        fcmErrorDetail('THIRD_PARTY_AUTH_ERROR'),
        apnsErrorDetail(403, 'InvalidProviderToken'),
      ])
    case 'ACCESS_TOKEN_EXPIRED':
      return googleError(401, 'UNAUTHENTICATED', INVALID_CREDENTIALS, [errorInfoDetail('ACCESS_TOKEN_EXPIRED')])
    case 'PERMISSION_DENIED':
      return permissionDenied(project)
    case 'API_DISABLED':
      return googleError(
        403,
        'PERMISSION_DENIED',
        `Firebase Cloud Messaging API has not been used in project ${project} before or it is disabled. Enable it by visiting https://console.developers.google.com/apis/api/fcm.googleapis.com/overview?project=${project} then retry.`,
      )
    case 'INTERNAL':
      return googleError(500, 'INTERNAL', 'Internal error encountered.', [fcmErrorDetail('INTERNAL')], retry)
    case 'UNAVAILABLE':
      return googleError(503, 'UNAVAILABLE', 'The service is currently unavailable.', [fcmErrorDetail('UNAVAILABLE')], retry)
    case 'UNSPECIFIED_ERROR':
      // §4.4 [interp]: HTTP status undocumented, 500 chosen.
      return googleError(500, 'INTERNAL', 'Internal error encountered.', [fcmErrorDetail('UNSPECIFIED_ERROR')])
  }
}
