/**
 * Errors of pushsim itself (not provider answers, which are responses).
 * `code` is stable and machine-readable; messages read "Failed to X: reason".
 */
export type SimErrorCode =
  | 'INVALID_ARGUMENT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PORT_IN_USE'
  | 'STATE_DIR'
  | 'UNREACHABLE'
  | 'INTERNAL'

export interface SimError {
  readonly code: SimErrorCode
  readonly message: string
  readonly hint?: string
}

export function simError(code: SimErrorCode, message: string, hint?: string): SimError {
  return hint === undefined ? { code, message } : { code, message, hint }
}

/** Result of an operation that can fail for reasons the caller must handle. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: SimError }

export const ok = <T>(value: T): Result<T> => ({ ok: true, value })
export const fail = <T = never>(error: SimError): Result<T> => ({ ok: false, error })
