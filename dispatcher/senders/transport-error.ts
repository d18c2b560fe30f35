import type { ProviderResult } from './sender.ts'

export type TransportErrorKind = Extract<ProviderResult, { kind: 'transport-error' }>['error']

/** Error codes (undici's and Node's) by the contract's kind; anything else is 'connection'. */
const KIND_BY_CODE: Readonly<Record<string, TransportErrorKind>> = {
  UND_ERR_CONNECT_TIMEOUT: 'connect-timeout',
  ETIMEDOUT: 'connect-timeout',
  UND_ERR_HEADERS_TIMEOUT: 'read-timeout',
  UND_ERR_BODY_TIMEOUT: 'read-timeout',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  UND_ERR_SOCKET: 'reset',
  UND_ERR_CLOSED: 'reset',
  ERR_HTTP2_STREAM_CANCEL: 'reset',
  ERR_HTTP2_SESSION_ERROR: 'goaway',
  ERR_HTTP2_GOAWAY_SESSION: 'goaway',
}

export function transportError(error: TransportErrorKind, message: string): ProviderResult {
  return { kind: 'transport-error', error, message }
}

/** Classifies a thrown network error by its code, looking through `cause` (undici wraps system errors). */
export function transportErrorOf(thrown: unknown): ProviderResult {
  let current: unknown = thrown
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as Error & { code?: unknown }).code
    if (typeof code === 'string' && code in KIND_BY_CODE) return transportError(KIND_BY_CODE[code]!, describeError(thrown))
    current = current.cause
  }
  return transportError('connection', describeError(thrown))
}

export function describeError(thrown: unknown): string {
  if (!(thrown instanceof Error)) return String(thrown)
  const code = (thrown as Error & { code?: unknown }).code
  const cause = thrown.cause instanceof Error ? ` (${describeError(thrown.cause)})` : ''
  return `${typeof code === 'string' ? `${code}: ` : ''}${thrown.message}${cause}`
}

/**
 * A request the sender could not even build (wrong address kind, unusable key, bad subscription keys).
 * (interpretation) The contract has no "not sent" result, so it is a 'connection' failure whose
 * message says nothing reached the provider.
 */
export function notSent(reason: string): ProviderResult {
  return transportError('connection', `not sent: ${reason}`)
}
