import type { Classification } from './classification.ts'
import { ACCEPTED, appleReasonOf, errorOf, isSuccess, type ErrorRow, type ProviderResponse } from './error-of.ts'
import { BAD_AUTH, BAD_PARAMS, BROWSER_UNSUBSCRIBED, DISPATCH_FAILED, END_POINT_INVALID, PAYLOAD_TOO_LARGE, SERVER_ISSUE, webPushRowOfStatus } from './webpush-status.ts'

/*
 * Apple web push (protocols.md §3.6) → the VAPID codes push-semantics §3 lists for Safari,
 * inverting protocols §4.2 (the Safari labels of §3 name the same answers on the APNs side).
 */
export const APPLE_WEB_REASONS: Readonly<Record<string, ErrorRow>> = {
  BadTtl: BAD_PARAMS,
  BadUrgency: BAD_PARAMS,
  BadWebPushRequest: BAD_PARAMS,
  BadWebPushTopic: BAD_PARAMS,
  MethodNotAllowed: BAD_PARAMS,
  BadAuthorizationHeader: BAD_AUTH,
  BadJwtToken: BAD_AUTH,
  BadVapidPublicKey: BAD_AUTH,
  VapidPkHashMismatch: BAD_AUTH,
  BadPath: END_POINT_INVALID,
  PayloadTooLarge: PAYLOAD_TOO_LARGE,
  TooManyRequests: SERVER_ISSUE,
  InternalServerError: SERVER_ISSUE,
  ServiceUnavailable: SERVER_ISSUE,
  Shutdown: SERVER_ISSUE,
  // A connection-level timeout: reconnect and retry.
  IdleTimeout: DISPATCH_FAILED,
  // (interpretation) Apple documents no 410 reason, and protocols §4.2 gives browser_unsubscribed and
  // token_invalid the same "Unregistered or empty" 410. Read apart: a reason (`Unregistered`, APNs
  // lineage, as pushsim answers an unsubscribed subscription; `ExpiredToken`, Apple's "device token
  // expired") → browser_unsubscribed; no reason → token_invalid (by status). Both bounce.
  Unregistered: BROWSER_UNSUBSCRIBED,
  ExpiredToken: BROWSER_UNSUBSCRIBED,
}

export function classifyAppleWeb(response: ProviderResponse, retryAfterMs: number | undefined): Classification {
  if (isSuccess(response.status)) return ACCEPTED
  const reason = appleReasonOf(response.body)
  const byReason = reason !== undefined && Object.hasOwn(APPLE_WEB_REASONS, reason) ? APPLE_WEB_REASONS[reason] : undefined
  return errorOf(byReason ?? webPushRowOfStatus(response.status), retryAfterMs)
}
