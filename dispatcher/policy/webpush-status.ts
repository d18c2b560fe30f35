import type { ErrorRow } from './error-of.ts'

/*
 * The VAPID web push codes of push-semantics §3 (Safari, Firefox, KaiOS), inverting
 * protocols.md §4.2, by HTTP status alone: what autopush and Apple have in common.
 */
export const BAD_PARAMS: ErrorRow = ['bad_params', 'bad-message']
export const BAD_AUTH: ErrorRow = ['bad_auth', 'configuration']
export const END_POINT_INVALID: ErrorRow = ['end_point_invalid', 'dead-address']
export const TOKEN_INVALID: ErrorRow = ['token_invalid', 'dead-address']
export const BROWSER_UNSUBSCRIBED: ErrorRow = ['browser_unsubscribed', 'dead-address']
export const SERVER_ISSUE: ErrorRow = ['server_issue', 'transient']
export const DISPATCH_FAILED: ErrorRow = ['dispatch_failed', 'transient']
export const PAYLOAD_TOO_LARGE: ErrorRow = ['payload_too_large', 'bad-message']

/**
 * (interpretation) 429 has no code of its own: a push-service refusal to take the message now,
 * retried like `server_issue` (§4 lists 429 as transient). 502/504 are gateway failures between
 * push-service parts (autopush's bridge errors) → `dispatch_failed`. A redirect means the endpoint
 * we hold is not the one to use → `end_point_invalid`. An unknown 4xx is our request → `bad_params`.
 */
export function webPushRowOfStatus(status: number): ErrorRow {
  if (status === 401 || status === 403) return BAD_AUTH
  if (status === 404) return END_POINT_INVALID
  if (status === 410) return TOKEN_INVALID
  if (status === 413) return PAYLOAD_TOO_LARGE
  if (status === 429) return SERVER_ISSUE
  if (status === 502 || status === 504) return DISPATCH_FAILED
  if (status >= 500) return SERVER_ISSUE
  if (status >= 400) return BAD_PARAMS
  if (status >= 300) return END_POINT_INVALID
  return DISPATCH_FAILED
}
