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
import { apnsForm } from './wire-forms.ts'

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
    note: 'APNs documents no blacklist; 429 TooManyProviderTokenUpdates is the closest account-level refusal (§4.1). push-semantics §4 classes the code as configuration (no retry), which wins over §4.1’s retry after ≥ 20 min; the TooManyProviderTokenUpdates entry is classed and reported the same way.',
  }),
  dashboard({ name: 'apns_empty_payload', provider: 'apns', label: 'Payload empty', class: 'bad-message', wire: { apns: apnsForm('PayloadEmpty') }, basis: 'doc' }),
]

/*
 * §4.5: the four Safari labels. A dispatcher reports them only where no more
 * specific table names the answer: on APNs where §4.1 is silent (a 410, a
 * 503, a malformed request). Their Apple web push forms of §4.5 are byte for
 * byte the §4.2 forms of bad_auth, bad_params, browser_unsubscribed and
 * server_issue, and Invalid Authentication's APNs forms are §4.1's
 * apns_auth_error: the wire cannot tell them apart, so those forms belong to
 * the §4.1/§4.2 codes and the labels keep only what is theirs.
 */
const SAFARI: readonly CatalogueEntry[] = [
  dashboard({
    name: 'safari_invalid_authentication',
    aliases: ['Invalid Authentication'],
    provider: 'webpush',
    label: 'Invalid Authentication',
    class: 'configuration',
    wire: {},
    basis: 'interp',
    note: 'No answer of its own: its APNs forms (403 InvalidProviderToken, BadCertificate) are apns_auth_error (§4.1) and its Apple web push form (403 BadJwtToken) is bad_auth (§4.2). Name those to inject it.',
  }),
  dashboard({
    name: 'safari_bad_request',
    aliases: ['BadRequest'],
    provider: 'webpush',
    label: 'BadRequest (400)',
    class: 'bad-message',
    wire: { apns: apnsForm('BadTopic') },
    basis: 'interp',
    note: 'Any APNs 400 reason §4.1 does not name fits the label; BadTopic chosen [interp]. On Apple web push a 400 is bad_params (§4.2).',
  }),
  dashboard({
    name: 'safari_device_token_inactive_for_topic',
    aliases: ['DeviceTokenInactiveForTopic'],
    provider: 'webpush',
    label: 'DeviceTokenInactiveForTopic (410)',
    class: 'dead-address',
    wire: { apns: apnsForm('Unregistered') },
    basis: 'doc',
    note: "Apple's wording for Unregistered (APNs 410 with timestamp). On Apple web push a 410 is browser_unsubscribed or token_invalid (§4.2).",
  }),
  dashboard({
    name: 'safari_server_unavailable',
    aliases: ['ServerUnavailable'],
    provider: 'webpush',
    label: 'ServerUnavailable (503)',
    class: 'transient',
    wire: { apns: apnsForm('ServiceUnavailable') },
    basis: 'doc',
    note: 'Alternatives: Shutdown, goaway:Shutdown. On Apple web push a 503 is server_issue (§4.2).',
  }),
]

export const DASHBOARD_ENTRIES: readonly CatalogueEntry[] = [...APNS, ...WEB_PUSH_DASHBOARD, ...CHROME_DASHBOARD, ...SAFARI]
