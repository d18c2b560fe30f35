import type { SimResponse } from '../../kernel/index.ts'

/**
 * google.rpc.Status bodies as Google's API front end (ESF) writes them
 * (protocols.md §2.4–2.6): `{"error":{"code","message","status","details"}}`,
 * pretty-printed with two spaces as every Google JSON API answers by default
 * [obs: beste/firebase-php#308]. The trailing newline is [interp].
 */
export const FCM_ERROR_TYPE = 'type.googleapis.com/google.firebase.fcm.v1.FcmError'
export const BAD_REQUEST_TYPE = 'type.googleapis.com/google.rpc.BadRequest'
export const ERROR_INFO_TYPE = 'type.googleapis.com/google.rpc.ErrorInfo'

export type GoogleDetail = Readonly<Record<string, unknown>>

export interface FieldViolation {
  /** Absent for violations at the root of the request [interp from ESF's root-level wording]. */
  field?: string
  description: string
}

export const JSON_CONTENT_TYPE = 'application/json; charset=UTF-8'

export function googleJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`
}

/** Shared and frozen: most answers carry exactly these, and a load test sends hundreds of thousands. */
const JSON_HEADERS: Readonly<Record<string, string>> = Object.freeze({ 'content-type': JSON_CONTENT_TYPE, vary: 'Origin, X-Origin, Referer' })

export function jsonResponse(status: number, value: unknown, headers?: Record<string, string>): SimResponse {
  return {
    status,
    headers: headers ? { ...JSON_HEADERS, ...headers } : (JSON_HEADERS as Record<string, string>),
    body: googleJson(value),
  }
}

/** The success answer of messages:send, `googleJson({ name })` without the generic stringify. */
export function messageNameResponse(name: string): SimResponse {
  return { status: 200, headers: JSON_HEADERS as Record<string, string>, body: `{\n  "name": ${JSON.stringify(name)}\n}\n` }
}

/** The one builder of FCM/Google error envelopes. */
export function googleError(
  code: number,
  status: string,
  message: string,
  details: readonly GoogleDetail[] = [],
  headers?: Record<string, string>,
): SimResponse {
  const error = details.length === 0 ? { code, message, status } : { code, message, status, details }
  return jsonResponse(code, { error }, headers)
}

export const fcmErrorDetail = (errorCode: string): GoogleDetail => ({ '@type': FCM_ERROR_TYPE, errorCode })

export const badRequestDetail = (fieldViolations: readonly FieldViolation[]): GoogleDetail => ({
  '@type': BAD_REQUEST_TYPE,
  fieldViolations,
})

/** OAuth-level failures name the FCM method they guarded (§2.6, PyFCM#334). */
export const errorInfoDetail = (reason: string): GoogleDetail => ({
  '@type': ERROR_INFO_TYPE,
  reason,
  domain: 'googleapis.com',
  metadata: { method: 'google.firebase.fcm.v1.FcmService.SendMessage', service: 'fcm.googleapis.com' },
})

/** 400 with one BadRequest detail listing every violation, messages joined by `\n` (§2.2). */
export function badRequest(violations: readonly FieldViolation[]): SimResponse {
  const message = violations.map((v) => v.description).join('\n')
  return googleError(400, 'INVALID_ARGUMENT', message, [badRequestDetail(violations)])
}

export const GENERIC_INVALID_MESSAGE = 'Request contains an invalid argument.'

/** FCM's own (post-parse) rejections carry FcmError INVALID_ARGUMENT (§2.5). */
export function invalidArgument(message = GENERIC_INVALID_MESSAGE, violations?: readonly FieldViolation[]): SimResponse {
  const details = violations
    ? [badRequestDetail(violations), fcmErrorDetail('INVALID_ARGUMENT')]
    : [fcmErrorDetail('INVALID_ARGUMENT')]
  return googleError(400, 'INVALID_ARGUMENT', message, details)
}
