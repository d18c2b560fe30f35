import type { Action, ErrorClass } from '../model/lifecycle.ts'
import type { ProviderResult } from '../senders/sender.ts'
import type { Classification } from './classification.ts'

export type ProviderResponse = Extract<ProviderResult, { kind: 'response' }>

/** A dashboard code (§3) and the class it falls in (§4). */
export type ErrorRow = readonly [code: string, errorClass: ErrorClass]

/** §4: the class decides the action. */
export const ACTION_OF_CLASS: Readonly<Record<ErrorClass, Action>> = {
  transient: 'retry',
  credentials: 'refresh-credential-and-retry',
  configuration: 'fail',
  'bad-message': 'fail',
  'dead-address': 'bounce',
}

export const ACCEPTED: Classification = { outcome: 'accepted' }

export function errorOf([code, errorClass]: ErrorRow, retryAfterMs?: number): Classification {
  const classification: Classification = { outcome: 'error', code, class: errorClass, action: ACTION_OF_CLASS[errorClass] }
  return retryAfterMs === undefined ? classification : { ...classification, retryAfterMs }
}

export const isSuccess = (status: number): boolean => status >= 200 && status < 300

/** Header lookup regardless of the case a client library gave the names. */
export function headerOf(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  const wanted = name.toLowerCase()
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value
  return undefined
}

/** The body as JSON, or undefined when it is not JSON (a provider answer never throws). */
export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown
  } catch {
    return undefined
  }
}

export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/** The `reason` string of an Apple JSON body (`{"reason":"BadDeviceToken"}`), if any. */
export function appleReasonOf(body: string): string | undefined {
  const json = parseJson(body)
  return isRecord(json) && typeof json.reason === 'string' ? json.reason : undefined
}
