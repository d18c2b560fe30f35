/**
 * Web Push services' own answers. Names carry the service, so none can
 * collide with an APNs reason, an FCM code or a dashboard code:
 * - `autopush:<errno>` — Mozilla autopush (Firefox and KaiOS), §3.4;
 * - `chrome:<situation>` — Chrome's FCM web-push endpoints, §3.5;
 * - `safari:<Reason>` — Apple web push, §3.6 (APNs-like reasons, other vocabulary).
 */
import {
  CHROME_BAD_FORMAT,
  CHROME_EXP_TOO_LONG,
  CHROME_GONE,
  CHROME_INTERNAL,
  CHROME_INVALID_JWT,
  CHROME_MISSING_AUTH,
  CHROME_NOT_FOUND,
  CHROME_RATE_LIMITED,
  CHROME_SENDER_MISMATCH,
  CHROME_TOO_LARGE,
  CHROME_UNAVAILABLE,
  CHROME_VAPID_MISMATCH,
} from '../wire/chrome-texts.ts'
import { APPLE_WEB_REASON_STATUS, type AppleWebReason } from '../wire/apple-web.ts'
import type { CatalogueEntry, ErrorClass } from '../types.ts'
import { define } from './define.ts'
import { autopushForm, autopushTargets, chromeForm, safariForm } from './wire-forms.ts'

type Basis = CatalogueEntry['basis']
type Row = [status: number, message: string, errorClass: ErrorClass, dashboard: string, basis: Basis, label: string, note?: string]

const DOC_ONLY = 'Errno documented, no current trigger in autopush-rs; message is the doc wording [interp].'

// Messages are autopush-rs error texts [src] unless noted; 104 and 999 as the webpush core words them.
const AUTOPUSH: Readonly<Record<number, Row>> = {
  101: [400, 'Missing necessary crypto keys', 'bad-message', 'bad_params', 'doc', 'Missing crypto keys', DOC_ONLY],
  102: [404, 'Invalid token', 'dead-address', 'end_point_invalid', 'src', 'Invalid URL endpoint'],
  103: [410, 'UAID not found', 'dead-address', 'browser_unsubscribed', 'src', 'Expired URL / user agent gone'],
  104: [413, 'A payload reached size limit.', 'bad-message', 'payload_too_large', 'src', 'Payload too large'],
  105: [410, 'User was deleted during routing', 'dead-address', 'browser_unsubscribed', 'src', 'Endpoint became unavailable during request'],
  106: [410, 'No such subscription', 'dead-address', 'token_invalid', 'src', 'Invalid or unknown subscription'],
  108: [400, 'Invalid router type', 'bad-message', 'bad_params', 'src', 'Router type invalid'],
  109: [401, 'Invalid Authentication', 'configuration', 'bad_auth', 'src', 'Invalid or missing VAPID / authorization'],
  110: [400, 'Missing Content-Encoding header', 'bad-message', 'bad_params', 'src', 'Invalid crypto / encoding headers'],
  111: [400, 'Missing TTL value', 'bad-message', 'bad_params', 'src', 'Missing required header (TTL)'],
  112: [400, 'Invalid TTL header value', 'bad-message', 'bad_params', 'doc', 'Invalid TTL value', DOC_ONLY],
  113: [400, 'Topic must be no greater than 32 characters', 'bad-message', 'bad_params', 'src', 'Invalid Topic'],
  114: [400, 'TTL must be greater than 0', 'bad-message', 'bad_params', 'src', 'Negative TTL'],
  201: [503, 'Database error while saving notification', 'transient', 'server_issue', 'src', 'Use exponential back-off'],
  202: [503, 'Immediate retry ok', 'transient', 'server_issue', 'doc', 'Immediate retry OK', DOC_ONLY],
  900: [502, 'Internal Bridge misconfiguration', 'transient', 'dispatch_failed', 'doc', 'Bridge misconfiguration', DOC_ONLY],
  901: [502, 'Bridge authentication error', 'transient', 'dispatch_failed', 'src', 'Bridge authentication error'],
  902: [502, 'Error while connecting to bridge service', 'transient', 'dispatch_failed', 'src', 'Bridge connect error'],
  903: [502, 'Bridge request timeout', 'transient', 'dispatch_failed', 'src', 'Bridge timeout'],
  999: [500, 'An internal error occurred', 'transient', 'server_issue', 'src', 'Unknown error'],
}

const autopushEntries = Object.entries(AUTOPUSH).map(([errno, [status, message, errorClass, dashboard, basis, label, note]]) =>
  define({
    name: `autopush:${errno}`,
    kind: 'provider',
    provider: 'webpush',
    dashboard,
    label,
    class: errorClass,
    wire: autopushTargets(autopushForm(status, Number(errno), message)),
    basis,
    ...(note === undefined ? {} : { note }),
  }),
)

// autoendpoint has no 429 path (§3.4): a 429 would come from infrastructure in front of it. This is one in
// autopush's own shape, so a rate-limit fault answers 429 with Retry-After on Firefox and KaiOS as on the others.
const autopushRateLimited = define({
  name: 'autopush:rate-limited',
  kind: 'provider',
  provider: 'webpush',
  dashboard: 'server_issue',
  label: 'Rate limited (in front of autopush)',
  class: 'transient',
  wire: autopushTargets(autopushForm(429, null, 'Too many requests')),
  basis: 'interp',
  note: 'autopush-rs answers no 429 itself (§3.4); this is an infrastructure 429 in its error shape, errno null. Reported as server_issue, the transient web push code (§4 lists 429 as transient).',
})

type TextRow = [name: string, status: number, text: string, errorClass: ErrorClass, dashboard: string, basis: Basis, label: string]

const CHROME: readonly TextRow[] = [
  ['gone', 410, CHROME_GONE, 'dead-address', 'browser_unsubscribed', 'obs', 'Subscription unsubscribed or expired'],
  ['not-found', 404, CHROME_NOT_FOUND, 'dead-address', 'push_unreg', 'obs', 'Unknown or stale subscription endpoint'],
  ['vapid-mismatch', 403, CHROME_VAPID_MISMATCH, 'configuration', 'gcm_ia', 'obs', "VAPID key differs from the subscription's"],
  ['sender-mismatch', 403, CHROME_SENDER_MISMATCH, 'configuration', 'gcm_msi', 'obs', 'GCM server key of another sender'],
  ['invalid-jwt', 403, CHROME_INVALID_JWT, 'configuration', 'gcm_ia', 'obs', 'Bad signature or malformed JWT'],
  ['exp-too-long', 403, CHROME_EXP_TOO_LONG, 'configuration', 'gcm_ia', 'obs', 'JWT exp more than 24 h ahead'],
  ['bad-auth-format', 403, CHROME_BAD_FORMAT, 'configuration', 'gcm_ia', 'obs', 'Authorization header malformed or wrong scheme'],
  ['missing-auth', 401, CHROME_MISSING_AUTH, 'configuration', 'gcm_ia', 'obs', 'No Authorization header'],
  ['too-large', 413, CHROME_TOO_LARGE, 'bad-message', 'payload_too_large', 'interp', 'Payload too large'],
  ['internal', 500, CHROME_INTERNAL, 'transient', 'fcm_internal_server_error', 'interp', 'Internal error'],
  // No Chrome 429 or 503 body has been published (§3.5, §5.7); these let outage and rate-limit faults answer on Chrome too.
  ['rate-limited', 429, CHROME_RATE_LIMITED, 'transient', 'fcm_sending_rate_exceeded', 'interp', 'Rate limited'],
  ['unavailable', 503, CHROME_UNAVAILABLE, 'transient', 'fcm_internal_server_error', 'interp', 'Service unavailable'],
]

const chromeEntries = CHROME.map(([name, status, text, errorClass, dashboard, basis, label]) =>
  define({
    name: `chrome:${name}`,
    kind: 'provider',
    provider: 'webpush',
    dashboard,
    label,
    class: errorClass,
    wire: { chrome: chromeForm(status, text) },
    basis,
    ...(basis === 'interp' ? { note: 'Body text unpublished (§3.5, §5.7); ours, in the webpush core’s lower-case style.' } : {}),
  }),
)

type ReasonRow = [errorClass: ErrorClass, dashboard: string, label: string]

// Apple pairs no status with these reasons: the pairings are §3.6's "likely status" [interp], the table the webpush core answers with.
const SAFARI: Readonly<Record<AppleWebReason, ReasonRow>> = {
  BadTtl: ['bad-message', 'bad_params', 'TTL missing or not a positive number'],
  BadUrgency: ['bad-message', 'bad_params', 'Urgency not one of the four values'],
  BadWebPushRequest: ['bad-message', 'bad_params', 'Encryption rules not followed'],
  BadWebPushTopic: ['bad-message', 'bad_params', 'Topic malformed'],
  VapidPkHashMismatch: ['configuration', 'bad_auth', "VAPID key differs from the subscription's"],
  IdleTimeout: ['transient', 'dispatch_failed', 'Connection timed out'],
  BadAuthorizationHeader: ['configuration', 'bad_auth', 'Authorization header malformed'],
  BadJwtToken: ['configuration', 'bad_auth', 'JWT missing, wrong key, or bad sub/aud/exp'],
  BadVapidPublicKey: ['configuration', 'bad_auth', 'VAPID key missing, not base64url, or wrong type'],
  BadPath: ['dead-address', 'end_point_invalid', 'Bad :path (unknown subscription)'],
  MethodNotAllowed: ['bad-message', 'bad_params', 'Method is not POST'],
  PayloadTooLarge: ['bad-message', 'payload_too_large', 'Payload over 4 KB'],
  TooManyRequests: ['transient', 'server_issue', 'Too many requests in a row to one subscription'],
  InternalServerError: ['transient', 'server_issue', 'Internal error'],
  ServiceUnavailable: ['transient', 'server_issue', 'Unavailable'],
  Shutdown: ['transient', 'server_issue', 'Server shutting down'],
  Unregistered: ['dead-address', 'browser_unsubscribed', 'Subscription expired or unsubscribed'],
}

const safariEntries = (Object.entries(SAFARI) as [AppleWebReason, ReasonRow][]).map(([reason, [errorClass, dashboard, label]]) =>
  define({
    name: `safari:${reason}`,
    kind: 'provider',
    provider: 'webpush',
    dashboard,
    label,
    class: errorClass,
    wire: { safari: safariForm(APPLE_WEB_REASON_STATUS[reason], reason) },
    ...(reason === 'BadJwtToken'
      ? { basis: 'obs' as const, note: 'Observed as 403 Forbidden {"reason":"BadJwtToken"} (web-push-php#406 and others).' }
      : reason === 'Unregistered'
        ? {
            basis: 'interp' as const,
            note: "No 410 body is documented (§3.6); APNs lineage suggests Unregistered, as the webpush core answers an unsubscribed subscription: browser_unsubscribed. A 410 without a reason is token_invalid's form.",
          }
        : { basis: 'interp' as const, note: 'Reason [doc]; its status is §3.6’s pairing [interp].' }),
  }),
)

export const WEBPUSH_ENTRIES: readonly CatalogueEntry[] = [...autopushEntries, autopushRateLimited, ...chromeEntries, ...safariEntries]
