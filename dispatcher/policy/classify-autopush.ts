import type { Classification } from './classification.ts'
import { ACCEPTED, errorOf, isRecord, isSuccess, parseJson, type ErrorRow, type ProviderResponse } from './error-of.ts'
import { BAD_AUTH, BAD_PARAMS, BROWSER_UNSUBSCRIBED, DISPATCH_FAILED, END_POINT_INVALID, PAYLOAD_TOO_LARGE, SERVER_ISSUE, TOKEN_INVALID, webPushRowOfStatus } from './webpush-status.ts'

/** Autopush errno (protocols.md §3.4) → the §3 web push code, inverting protocols §4.2. */
export const AUTOPUSH_ERRNOS: Readonly<Record<number, ErrorRow>> = {
  101: BAD_PARAMS,
  108: BAD_PARAMS,
  110: BAD_PARAMS,
  111: BAD_PARAMS,
  112: BAD_PARAMS,
  113: BAD_PARAMS,
  114: BAD_PARAMS,
  109: BAD_AUTH,
  102: END_POINT_INVALID,
  // The user agent is gone (103 "UAID not found", 105 deleted during routing): the browser unsubscribed.
  103: BROWSER_UNSUBSCRIBED,
  105: BROWSER_UNSUBSCRIBED,
  // The subscription is unknown (106 "No such subscription"): protocols §4.2 calls it token_invalid.
  106: TOKEN_INVALID,
  104: PAYLOAD_TOO_LARGE,
  999: SERVER_ISSUE,
  201: SERVER_ISSUE,
  202: SERVER_ISSUE,
  900: DISPATCH_FAILED,
  901: DISPATCH_FAILED,
  902: DISPATCH_FAILED,
  903: DISPATCH_FAILED,
}

function errnoOf(body: string): number | undefined {
  const json = parseJson(body)
  return isRecord(json) && typeof json.errno === 'number' ? json.errno : undefined
}

/** Firefox and KaiOS (autopush; KaiOS is simulated as autopush, protocols §3.4): errno first, else the status. */
export function classifyAutopush(response: ProviderResponse, retryAfterMs: number | undefined): Classification {
  if (isSuccess(response.status)) return ACCEPTED
  const errno = errnoOf(response.body)
  const byErrno = errno !== undefined && Object.hasOwn(AUTOPUSH_ERRNOS, errno) ? AUTOPUSH_ERRNOS[errno] : undefined
  return errorOf(byErrno ?? webPushRowOfStatus(response.status), retryAfterMs)
}
