import { isRecord, parseJson } from './error-of.ts'

/** What a google.rpc.Status error body (protocols.md §2.4) says, read defensively. */
export interface FcmEnvelope {
  status?: string
  /** The first FcmError `errorCode` (firebase-admin reads this first). */
  fcmErrorCode?: string
  /** The first ErrorInfo `reason` (`ACCESS_TOKEN_EXPIRED`). */
  errorInfoReason?: string
  /** The APNs status an FCM-relayed APNs rejection copies in (ApnsError detail). */
  apnsStatus?: number
  /** A BadRequest detail (fieldViolations) is present. */
  badRequest: boolean
}

const FCM_ERROR = 'type.googleapis.com/google.firebase.fcm.v1.FcmError'
const ERROR_INFO = 'type.googleapis.com/google.rpc.ErrorInfo'
const APNS_ERROR = 'type.googleapis.com/google.firebase.fcm.v1.ApnsError'
const BAD_REQUEST = 'type.googleapis.com/google.rpc.BadRequest'

/** The envelope of `{"error":{…}}`, or undefined when the body is not one. */
export function fcmEnvelopeOf(body: string): FcmEnvelope | undefined {
  const json = parseJson(body)
  if (!isRecord(json) || !isRecord(json.error)) return undefined
  const error = json.error
  const envelope: FcmEnvelope = { badRequest: false }
  if (typeof error.status === 'string') envelope.status = error.status
  const details = Array.isArray(error.details) ? error.details.filter(isRecord) : []
  for (const detail of details) {
    const type = detail['@type']
    if (type === FCM_ERROR && envelope.fcmErrorCode === undefined && typeof detail.errorCode === 'string') envelope.fcmErrorCode = detail.errorCode
    if (type === ERROR_INFO && envelope.errorInfoReason === undefined && typeof detail.reason === 'string') envelope.errorInfoReason = detail.reason
    if (type === APNS_ERROR && envelope.apnsStatus === undefined && typeof detail.statusCode === 'number') envelope.apnsStatus = detail.statusCode
    if (type === BAD_REQUEST) envelope.badRequest = true
  }
  return envelope
}
