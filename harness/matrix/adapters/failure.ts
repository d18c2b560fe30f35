import type { SendResult } from '../protocol.ts'

/** A thrown error as the application sees it: its class and message, nothing interpreted. */
export const errorText = (error: unknown): string => (error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error))

/** Keeps only the fields the library actually gave (an absent field stays absent in the matrix's evidence). */
export function failure(fields: { status?: unknown; reason?: unknown; timestamp?: unknown; retryAfter?: unknown; error?: unknown }): SendResult {
  const result: SendResult = { ok: false }
  const status = Number(fields.status)
  if (fields.status !== undefined && fields.status !== null && Number.isFinite(status)) result.status = status
  if (typeof fields.reason === 'string' && fields.reason !== '') result.reason = fields.reason
  const timestamp = Number(fields.timestamp)
  if (fields.timestamp !== undefined && fields.timestamp !== null && Number.isFinite(timestamp)) result.timestamp = timestamp
  if (fields.retryAfter !== undefined && fields.retryAfter !== null && fields.retryAfter !== '') result.retryAfter = String(fields.retryAfter)
  if (fields.error !== undefined && fields.error !== null) result.error = typeof fields.error === 'string' ? fields.error : errorText(fields.error)
  return result
}

/** Adapters speak the providers their library speaks; anything else is the matrix's mistake. */
export function wrongProvider(library: string, provider: string): never {
  throw new Error(`${library} adapter: no ${provider} in this library`)
}
