/**
 * Mozilla autopush's error answers (protocols.md §3.4): every error is the
 * JSON of error.rs, `{code, errno, error, message, more_info}`; every 410
 * carries `Cache-Control: max-age=86400`, every 503 `Retry-After: 120`.
 * Shared by the webpush core (Firefox, KaiOS) and the catalogue.
 */
export const AUTOPUSH_MORE_INFO = 'http://autopush.readthedocs.io/en/latest/http.html#error-codes'

/** Reason phrases of error.rs `canonical_reason()`. */
export const AUTOPUSH_REASON_PHRASES: Readonly<Record<number, string>> = {
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

/** error.rs RETRY_AFTER_PERIOD: every 503 carries `Retry-After: 120` [src]. */
export const AUTOPUSH_RETRY_AFTER_SECONDS = 120

export interface AutopushErrorBody {
  code: number
  errno: number | null
  error: string
  message: string
  more_info: string
}

/** The error body as data, in error.rs's key order. */
export const autopushErrorBody = (status: number, errno: number | null, message: string): AutopushErrorBody => ({
  code: status,
  errno,
  error: AUTOPUSH_REASON_PHRASES[status] ?? '',
  message,
  more_info: AUTOPUSH_MORE_INFO,
})

/** A fresh header object: JSON, plus Cache-Control on a 410. */
export function autopushErrorHeaders(status: number): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (status === 410) headers['cache-control'] = 'max-age=86400'
  return headers
}
