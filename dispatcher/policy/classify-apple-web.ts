import type { Classification } from './classification.ts'
import { ACCEPTED, appleReasonOf, errorOf, isSuccess, type ErrorRow, type ProviderResponse } from './error-of.ts'
import { BAD_AUTH, BAD_PARAMS, BROWSER_UNSUBSCRIBED, DISPATCH_FAILED, END_POINT_INVALID, PAYLOAD_TOO_LARGE, SERVER_ISSUE, TOKEN_INVALID, webPushRowOfStatus } from './webpush-status.ts'

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
  // (interpretation) Apple documents no 410 reason. `Unregistered` (APNs lineage) or no reason →
  // token_invalid as protocols §4.2 pairs them; `ExpiredToken` (Apple: "device token expired") →
  // browser_unsubscribed. Both bounce.
  Unregistered: TOKEN_INVALID,
  ExpiredToken: BROWSER_UNSUBSCRIBED,
}

export function classifyAppleWeb(response: ProviderResponse, retryAfterMs: number | undefined): Classification {
  if (isSuccess(response.status)) return ACCEPTED
  const reason = appleReasonOf(response.body)
  const byReason = reason !== undefined && Object.hasOwn(APPLE_WEB_REASONS, reason) ? APPLE_WEB_REASONS[reason] : undefined
  return errorOf(byReason ?? webPushRowOfStatus(response.status), retryAfterMs)
}
