import type { Classification } from './classification.ts'
import { ACCEPTED, errorOf, isSuccess, type ErrorRow, type ProviderResponse } from './error-of.ts'
import { fcmEnvelopeOf } from './fcm-envelope.ts'
import { fcmRowOf, INTERNAL, INVALID_KEY, OTHERS, PUSH_UNREG, RATE_EXCEEDED, WRONG_SENDER } from './classify-fcm.ts'
import { BROWSER_UNSUBSCRIBED, PAYLOAD_TOO_LARGE } from './webpush-status.ts'

/*
 * Chrome on FCM's web push endpoints (protocols.md §3.5): text/plain answers → the "Chrome over
 * VAPID" codes of push-semantics §3, inverting protocols §4.3. A JSON google.rpc.Status answer
 * is FCM speaking (Chrome over FCM) and is read as such.
 */
function rowOfText(status: number, body: string): ErrorRow {
  // protocols §4.4: a GCM-style server key of another sender is "wrong FCM API key".
  if (status === 403 && /sender id/i.test(body)) return WRONG_SENDER
  // VAPID key mismatch, bad JWT, bad authorization format, legacy INVALID_KEY / UnauthorizedRegistration.
  if (status === 401 || status === 403) return INVALID_KEY
  if (status === 400 && /authorization|UnauthorizedRegistration/i.test(body)) return INVALID_KEY
  if (status === 404) return PUSH_UNREG
  if (status === 410) return BROWSER_UNSUBSCRIBED
  if (status === 413) return PAYLOAD_TOO_LARGE
  // (interpretation) Rate limits and server errors on Google's endpoint take the FCM codes.
  if (status === 429) return RATE_EXCEEDED
  if (status >= 500) return INTERNAL
  return OTHERS
}

/**
 * No answer from Google's endpoint (a timeout, a reset): transient (§4). `dispatch_failed` is a code of
 * Safari, Firefox and KaiOS only (§3, protocols §4.2); Chrome's codes have no transport one, so its
 * general transient code, as for a 5xx here (found by the oracle: a Chrome delivery whose last attempt
 * hung was reported `dispatch_failed`).
 */
export const CHROME_NO_ANSWER: ErrorRow = INTERNAL

export function classifyChrome(response: ProviderResponse, retryAfterMs: number | undefined): Classification {
  if (isSuccess(response.status)) return ACCEPTED
  const row = fcmEnvelopeOf(response.body) ? fcmRowOf(response) : rowOfText(response.status, response.body)
  return errorOf(row, retryAfterMs)
}
