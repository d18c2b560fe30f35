/**
 * The NDJSON protocol between the matrix and a library's child process:
 * one line per request on stdin, one line per reply on stdout, matched by
 * `id`. The child writes `{"ready":true}` once the library's client exists.
 */
import type { Notification } from './library-adapter.ts'

/** What the library reported for one send, in its own terms. */
export interface SendResult {
  ok: boolean
  /** The HTTP status the library handed the application, if it did. */
  status?: number
  /** The provider's reason or the library's error code, as the application sees it. */
  reason?: string
  /** APNs' 410 `timestamp` (ms since the epoch), if the library passed it on. */
  timestamp?: number
  /** Retry-After as the library passed it on (seconds, or the header's text). */
  retryAfter?: string
  /** The error's name and message, when the library threw or reported one. */
  error?: string
}

export type ChildRequest = { id: number; op: 'send'; notification: Notification } | { id: number; op: 'close' }

/** `elapsedMs`: from the call into the library to its answer, on the child's monotonic clock. */
export type ChildReply = { id: number; result: SendResult; elapsedMs: number } | { id: number; closed: true }
