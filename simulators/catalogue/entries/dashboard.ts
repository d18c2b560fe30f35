/**
 * The dashboard codes of push-semantics.md §3, each with the wire answer
 * protocols.md §4 names for every place it can be answered. Where §4 offers
 * alternatives, the first is the form and the rest are provider entries of
 * their own (named in the note). APNs (§4.1) and the Safari labels (§4.5)
 * are here; web push and Chrome codes in their own files.
 */
import type { CatalogueEntry } from '../types.ts'
import { CHROME_DASHBOARD } from './dashboard-chrome.ts'
import { WEB_PUSH_DASHBOARD } from './dashboard-webpush.ts'
import { dashboard } from './define.ts'
import { apnsForm, safariForm } from './wire-forms.ts'

// §4.1
const APNS: readonly CatalogueEntry[] = [
  dashboard({
    name: 'apns_auth_error',
    provider: 'apns',
    label: 'Invalid APNS certificate',
    class: 'configuration',
    wire: { apns: apnsForm('BadCertificate') },
    basis: 'doc',
    note: 'Certificate form. Alternatives: InvalidProviderToken (token auth), goaway:BadCertificate (at connect), BadCertificateEnvironment, MissingProviderToken, BadEnvironmentKeyInToken.',
  }),
  dashboard({ name: 'apns_toomany_same_token', provider: 'apns', label: 'Too many requests for one device token', class: 'transient', wire: { apns: apnsForm('TooManyRequests') }, basis: 'doc' }),
  dashboard({
    name: 'apns_unknown',
    provider: 'apns',
    label: 'General APNS error',
    class: 'transient',
    wire: { apns: apnsForm('InternalServerError') },
    basis: 'interp',
    note: 'The label has no APNs equivalent; 500 InternalServerError chosen (§4.1).',
  }),
  dashboard({
    name: 'apns_token_format',
    provider: 'apns',
    label: 'Token format invalid',
    class: 'dead-address',
    wire: { apns: apnsForm('BadDeviceToken') },
    basis: 'doc',
    note: 'MissingDeviceToken is the form for an empty path segment.',
  }),
  dashboard({
    name: 'apns_temp_blacklist',
    provider: 'apns',
    label: 'Account temporarily blacklisted',
    class: 'configuration',
    wire: { apns: apnsForm('TooManyProviderTokenUpdates') },
    basis: 'interp',
    note: 'APNs documents no blacklist; 429 TooManyProviderTokenUpdates is the closest account-level refusal (§4.1). push-semantics §4 classes the code as configuration (no retry), although §4.1 suggests retrying after ≥ 20 min.',
  }),
  dashboard({ name: 'apns_empty_payload', provider: 'apns', label: 'Payload empty', class: 'bad-message', wire: { apns: apnsForm('PayloadEmpty') }, basis: 'doc' }),
]

// §4.5: the four Safari labels, APNs form and Apple web push form.
const SAFARI: readonly CatalogueEntry[] = [
  dashboard({
    name: 'safari_invalid_authentication',
    aliases: ['Invalid Authentication'],
    provider: 'webpush',
    label: 'Invalid Authentication',
    class: 'configuration',
    wire: { apns: apnsForm('InvalidProviderToken'), safari: safariForm(403, 'BadJwtToken') },
    basis: 'obs',
    note: 'APNs token form [doc] (BadCertificate for certificates); Apple web push 403 BadJwtToken [obs].',
  }),
  dashboard({
    name: 'safari_bad_request',
    aliases: ['BadRequest'],
    provider: 'webpush',
    label: 'BadRequest (400)',
    class: 'bad-message',
    wire: { apns: apnsForm('BadTopic'), safari: safariForm(400, 'BadTtl') },
    basis: 'interp',
    note: 'Any 400 reason fits the label; BadTopic and BadTtl chosen [interp].',
  }),
  dashboard({
    name: 'safari_device_token_inactive_for_topic',
    aliases: ['DeviceTokenInactiveForTopic'],
    provider: 'webpush',
    label: 'DeviceTokenInactiveForTopic (410)',
    class: 'dead-address',
    wire: { apns: apnsForm('Unregistered'), safari: safariForm(410, 'Unregistered', true) },
    basis: 'doc',
    note: "Apple's wording for Unregistered; both forms carry timestamp as §4.5 gives it, though Apple web push's own 410 body is unverified (§3.6).",
  }),
  dashboard({
    name: 'safari_server_unavailable',
    aliases: ['ServerUnavailable'],
    provider: 'webpush',
    label: 'ServerUnavailable (503)',
    class: 'transient',
    wire: { apns: apnsForm('ServiceUnavailable'), safari: safariForm(503, 'ServiceUnavailable') },
    basis: 'doc',
    note: 'Alternatives: Shutdown, goaway:Shutdown, safari:Shutdown.',
  }),
]

export const DASHBOARD_ENTRIES: readonly CatalogueEntry[] = [...APNS, ...WEB_PUSH_DASHBOARD, ...CHROME_DASHBOARD, ...SAFARI]
