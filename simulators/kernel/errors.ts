/**
 * Errors of pushsim itself (not provider answers, which are responses).
 * `code` is stable and machine-readable; messages read "Failed to X: reason".
 */
export type SimErrorCode =
  | 'INVALID_ARGUMENT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  /** An admin request without the admin token the simulators were started with. */
  | 'UNAUTHENTICATED'
  /** Refused at start: the admin API would listen beyond loopback with no admin token. */
  | 'ADMIN_TOKEN_REQUIRED'
  | 'PORT_IN_USE'
  | 'STATE_DIR'
  | 'UNREACHABLE'
  | 'INTERNAL'

export interface SimError {
  readonly code: SimErrorCode
  readonly message: string
  readonly hint?: string
  /** Structured detail, such as every problem of a fault plan with its path. */
  readonly details?: unknown
}

export function simError(code: SimErrorCode, message: string, hint?: string, details?: unknown): SimError {
  return { code, message, ...(hint === undefined ? {} : { hint }), ...(details === undefined ? {} : { details }) }
}

/** Result of an operation that can fail for reasons the caller must handle. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: SimError }

export const ok = <T>(value: T): Result<T> => ({ ok: true, value })
export const fail = <T = never>(error: SimError): Result<T> => ({ ok: false, error })
