/**
 * FCM HTTP v1 answers: every `errorCode` of protocols.md §2.5 under its own
 * name, the OAuth ErrorInfo reasons, and the other concrete bodies of §2.6
 * as `fcm:<scenario>`. Bodies come from the wire builders the FCM core answers with.
 */
import { fcmCannedError } from '../wire/fcm-canned-errors.ts'
import { GOOGLE_REALM as REALM, INVALID_CREDENTIALS, MISSING_CREDENTIALS, TOO_BIG } from '../wire/fcm-texts.ts'
import { badRequest, errorInfoDetail, fcmErrorDetail, googleError, invalidArgument } from '../wire/google-error.ts'
import type { CatalogueEntry } from '../types.ts'
import { define, type EntryInput } from './define.ts'
import { fcmForm } from './wire-forms.ts'

const NOT_FOUND = 'Requested entity was not found.'
const DATA_VALUE = "Invalid value at 'message.data[0].value' (TYPE_STRING), 12"

/** §4.4 asks for a QuotaFailure detail; its content is unverified (§5.5), so this violation is ours [interp]. */
const QUOTA_FAILURE = {
  '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
  violations: [{ subject: 'project:my-project', description: 'Topic quota exceeded.' }],
}

type FcmInput = Omit<EntryInput, 'kind' | 'provider' | 'dashboard'> & { dashboard: string }

const fcm = (input: FcmInput): CatalogueEntry => define({ ...input, kind: 'provider', provider: 'fcm' })

export const FCM_ENTRIES: readonly CatalogueEntry[] = [
  fcm({
    name: 'UNSPECIFIED_ERROR',
    dashboard: 'gcm_others',
    label: 'Nothing more known',
    class: 'bad-message',
    wire: { fcm: fcmForm(fcmCannedError('UNSPECIFIED_ERROR')) },
    basis: 'interp',
    note: 'HTTP status undocumented; 500 chosen (§4.4). Unknown cause: no automatic retry (§2.5, §4.4), so classed with bad messages.',
  }),
  fcm({
    name: 'INVALID_ARGUMENT',
    dashboard: 'fcm_invalid_argument',
    label: 'Invalid parameters (here: registration token not a valid FCM token)',
    class: 'bad-message',
    wire: { fcm: fcmForm(fcmCannedError('INVALID_ARGUMENT')) },
    basis: 'doc',
  }),
  fcm({ name: 'UNREGISTERED', dashboard: 'push_unreg', label: 'Registration token no longer valid', class: 'dead-address', wire: { fcm: fcmForm(fcmCannedError('UNREGISTERED')) }, basis: 'obs' }),
  fcm({
    name: 'SENDER_ID_MISMATCH',
    dashboard: 'gcm_msi',
    label: 'Token belongs to a different sender',
    class: 'configuration',
    wire: { fcm: fcmForm(fcmCannedError('SENDER_ID_MISMATCH')) },
    basis: 'obs',
  }),
  fcm({
    name: 'QUOTA_EXCEEDED',
    dashboard: 'fcm_sending_rate_exceeded',
    label: 'Message rate exceeded',
    class: 'transient',
    wire: {
      fcm: fcmForm(googleError(429, 'RESOURCE_EXHAUSTED', 'Topic quota exceeded.', [fcmErrorDetail('QUOTA_EXCEEDED'), QUOTA_FAILURE])),
    },
    basis: 'obs',
    note: "Status and code [doc], message [obs: ntfy#289]. Unlike fcmCannedError('QUOTA_EXCEEDED') it carries a QuotaFailure detail (§4.4), whose violation is [interp].",
  }),
  fcm({
    name: 'UNAVAILABLE',
    dashboard: 'fcm_internal_server_error',
    label: 'Server overloaded',
    class: 'transient',
    wire: { fcm: fcmForm(fcmCannedError('UNAVAILABLE')) },
    basis: 'doc',
    note: 'Message text unverified (standard Google wording); Retry-After only when the fault gives one.',
  }),
  fcm({
    name: 'INTERNAL',
    dashboard: 'fcm_internal_server_error',
    label: 'Unknown internal error',
    class: 'transient',
    wire: { fcm: fcmForm(fcmCannedError('INTERNAL')) },
    basis: 'doc',
    note: 'Message text unverified (standard Google wording).',
  }),
  fcm({
    name: 'THIRD_PARTY_AUTH_ERROR',
    dashboard: 'gcm_ia',
    aliases: ['APNS_AUTH_ERROR'],
    label: 'APNs or web push credential invalid or missing',
    class: 'configuration',
    wire: { fcm: fcmForm(fcmCannedError('THIRD_PARTY_AUTH_ERROR')) },
    basis: 'obs',
    note: 'APNS_AUTH_ERROR is its deprecated predecessor (§2.5), answered with the current code.',
  }),
  fcm({
    name: 'UNREGISTERED_FID',
    dashboard: 'push_unreg',
    label: 'Firebase installation id not registered',
    class: 'dead-address',
    wire: { fcm: fcmForm(googleError(404, 'NOT_FOUND', NOT_FOUND, [fcmErrorDetail('UNREGISTERED_FID')])) },
    basis: 'interp',
    note: 'HTTP status unverified (§2.5); 404 NOT_FOUND by analogy with UNREGISTERED.',
  }),
  fcm({
    name: 'ACCESS_TOKEN_EXPIRED',
    dashboard: 'fcm_oauth2_token_expired',
    label: 'OAuth2 access token expired',
    class: 'credentials',
    wire: {
      fcm: fcmForm(googleError(401, 'UNAUTHENTICATED', INVALID_CREDENTIALS, [errorInfoDetail('ACCESS_TOKEN_EXPIRED')], { 'www-authenticate': `${REALM}, error="invalid_token"` })),
    },
    basis: 'obs',
    note: 'ErrorInfo and no FcmError detail [obs: PyFCM#334]; WWW-Authenticate as the FCM core sends it for an expired token [interp].',
  }),
  fcm({
    name: 'CREDENTIALS_MISSING',
    dashboard: 'fcm_oauth2_token_expired',
    label: 'No Authorization header',
    class: 'credentials',
    wire: { fcm: fcmForm(googleError(401, 'UNAUTHENTICATED', MISSING_CREDENTIALS, [errorInfoDetail('CREDENTIALS_MISSING')], { 'www-authenticate': REALM })) },
    basis: 'obs',
    note: 'Message [obs]; the ErrorInfo reason CREDENTIALS_MISSING is unverified (§2.6). Class [interp]: our OAuth2 access token did not reach FCM, so the sender fetches one and retries once (push-semantics §4 credentials), as for an expired one; credentials not found is the non-provider failure.',
  }),
  fcm({
    name: 'fcm:invalid-data-value',
    dashboard: 'fcm_invalid_argument',
    label: 'Non-string data value (BadRequest field violation)',
    class: 'bad-message',
    wire: { fcm: fcmForm(badRequest([{ field: 'message.data[0].value', description: DATA_VALUE }])) },
    basis: 'doc',
  }),
  fcm({
    name: 'fcm:android-too-big',
    dashboard: 'fcm_invalid_argument',
    label: 'Android message is too big',
    class: 'bad-message',
    wire: { fcm: fcmForm(invalidArgument(TOO_BIG, [{ field: 'message', description: TOO_BIG }])) },
    basis: 'obs',
    note: 'Same body as the FCM core sends for an oversized message; the violation field is [interp].',
  }),
  fcm({
    name: 'fcm:unregistered-apns',
    dashboard: 'push_unreg',
    aliases: ['UNREGISTERED_APNS'],
    label: 'Unregistered iOS token, with the relayed APNs 410',
    class: 'dead-address',
    wire: { fcm: fcmForm(fcmCannedError('UNREGISTERED_APNS')) },
    basis: 'obs',
  }),
  fcm({
    name: 'fcm:apns-token-disabled',
    dashboard: 'push_unreg',
    aliases: ['APNS_TOKEN_DISABLED'],
    label: 'APNs device token is disabled (400 variant)',
    class: 'dead-address',
    wire: { fcm: fcmForm(fcmCannedError('APNS_TOKEN_DISABLED')) },
    basis: 'obs',
    note: 'Class [interp]: a 400, but the ApnsError detail says the device is gone.',
  }),
  fcm({
    name: 'fcm:permission-denied',
    dashboard: 'gcm_msi',
    aliases: ['PERMISSION_DENIED'],
    label: 'Service account lacks permission on the project',
    class: 'configuration',
    wire: { fcm: fcmForm(fcmCannedError('PERMISSION_DENIED')) },
    basis: 'obs',
    note: 'Names the project `my-project`; wording partly unverified (§2.6).',
  }),
  fcm({
    name: 'fcm:api-disabled',
    dashboard: 'gcm_msi',
    aliases: ['API_DISABLED'],
    label: 'FCM API disabled for the project',
    class: 'configuration',
    wire: { fcm: fcmForm(fcmCannedError('API_DISABLED')) },
    basis: 'obs',
    note: 'Names the project `my-project`.',
  }),
]
