/** Dashboard codes of Chrome over VAPID (§4.3) and over FCM HTTP v1 (§4.4); `browser_unsubscribed` is with the web push codes. */
import { GENERIC_INVALID_MESSAGE, googleError } from '../wire/google-error.ts'
import { CHROME_NOT_FOUND, CHROME_SENDER_MISMATCH, CHROME_VAPID_MISMATCH } from '../wire/chrome-texts.ts'
import type { CatalogueEntry } from '../types.ts'
import { dashboard } from './define.ts'
import { FCM_ENTRIES } from './fcm.ts'
import { chromeForm, fcmForm } from './wire-forms.ts'

/** The FCM form of a provider entry, so a dashboard code and its FCM code answer alike. */
const fcmOf = (name: string) => FCM_ENTRIES.find((entry) => entry.name === name)!.wire.fcm!

export const CHROME_DASHBOARD: readonly CatalogueEntry[] = [
  dashboard({
    name: 'gcm_ia',
    provider: 'webpush',
    label: 'Invalid FCM key',
    class: 'configuration',
    wire: { chrome: chromeForm(403, CHROME_VAPID_MISMATCH) },
    basis: 'interp',
    note: 'Body [obs]; label mapping [interp]. The legacy `Authorization: key=` form (401 HTML INVALID_KEY) is not modelled.',
  }),
  dashboard({
    name: 'push_unreg',
    provider: 'webpush',
    label: 'Push unregistered (Android)',
    class: 'dead-address',
    wire: { fcm: fcmOf('UNREGISTERED'), chrome: chromeForm(404, CHROME_NOT_FOUND) },
    basis: 'interp',
    note: 'Chrome VAPID 404 text [obs] (mapped to keep it distinct from 410 [interp]); FCM 404 UNREGISTERED [doc/obs]. Listed under webpush, though its fcm form is answered by the FCM simulator.',
  }),
  dashboard({
    name: 'gcm_others',
    provider: 'fcm',
    label: 'Unknown FCM error',
    class: 'bad-message',
    wire: { fcm: fcmForm(googleError(400, 'INVALID_ARGUMENT', GENERIC_INVALID_MESSAGE)) },
    basis: 'interp',
    note: 'Catch-all: 400 without FcmError detail (§4.4). Unknown cause, so no automatic retry. Alternative: UNSPECIFIED_ERROR.',
  }),
  dashboard({ name: 'fcm_invalid_argument', provider: 'fcm', label: 'Invalid argument', class: 'bad-message', wire: { fcm: fcmOf('INVALID_ARGUMENT') }, basis: 'doc' }),
  dashboard({
    name: 'fcm_sending_rate_exceeded',
    provider: 'fcm',
    label: 'Sending rate exceeded',
    class: 'transient',
    wire: { fcm: fcmOf('QUOTA_EXCEEDED') },
    basis: 'obs',
    note: 'Status and code [doc], message [obs]; QuotaFailure content [interp]. Back off ≥ 1 min.',
  }),
  dashboard({ name: 'fcm_oauth2_token_expired', provider: 'fcm', label: 'OAuth2 token expired', class: 'credentials', wire: { fcm: fcmOf('ACCESS_TOKEN_EXPIRED') }, basis: 'obs' }),
  dashboard({
    name: 'gcm_msi',
    provider: 'fcm',
    label: 'Wrong FCM API key (MismatchSenderId)',
    class: 'configuration',
    wire: { fcm: fcmOf('SENDER_ID_MISMATCH'), chrome: chromeForm(403, CHROME_SENDER_MISMATCH) },
    basis: 'obs',
    note: 'FCM v1 form [doc/obs]; on the web-push endpoint the 403 sender-ID text [obs] (§4.4 brackets).',
  }),
  dashboard({
    name: 'fcm_internal_server_error',
    provider: 'fcm',
    label: 'FCM internal server error',
    class: 'transient',
    wire: { fcm: fcmOf('INTERNAL') },
    basis: 'doc',
    note: 'Message text unverified.',
  }),
]
