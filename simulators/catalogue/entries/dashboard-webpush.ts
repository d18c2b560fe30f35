/** Dashboard codes of web push over VAPID on Safari, Firefox and KaiOS (protocols.md §4.2). */
import { CHROME_GONE } from '../wire/chrome-texts.ts'
import type { CatalogueEntry } from '../types.ts'
import { dashboard } from './define.ts'
import { autopushForm, autopushTargets, chromeForm, safariForm } from './wire-forms.ts'

// §4.2: Apple form on safari, autopush form on firefox and kaios.
export const WEB_PUSH_DASHBOARD: readonly CatalogueEntry[] = [
  dashboard({
    name: 'bad_params',
    provider: 'webpush',
    label: 'Bad parameters',
    class: 'bad-message',
    wire: { safari: safariForm(400, 'BadTtl'), ...autopushTargets(autopushForm(400, 111, 'Missing TTL value')) },
    basis: 'interp',
    note: 'Reasons and errnos [doc]; Apple status per reason [interp]. Alternatives: safari:BadUrgency, safari:BadWebPushTopic, safari:BadWebPushRequest, autopush:110, autopush:113, autopush:114.',
  }),
  dashboard({
    name: 'bad_auth',
    provider: 'webpush',
    label: 'Bad authentication',
    class: 'configuration',
    wire: { safari: safariForm(403, 'BadJwtToken'), ...autopushTargets(autopushForm(401, 109, 'Invalid VAPID audience')) },
    basis: 'obs',
    note: 'Apple 403 [obs], autopush [src]. Alternatives: safari:BadAuthorizationHeader, safari:BadVapidPublicKey, safari:VapidPkHashMismatch, autopush:109.',
  }),
  dashboard({
    name: 'end_point_invalid',
    provider: 'webpush',
    label: 'Endpoint invalid',
    class: 'dead-address',
    wire: { safari: safariForm(404, 'BadPath'), ...autopushTargets(autopushForm(404, 102, 'Invalid token')) },
    basis: 'interp',
    note: 'Wire forms [doc]/[src]; mapping the label to them is [interp].',
  }),
  dashboard({
    name: 'token_invalid',
    provider: 'webpush',
    label: 'Token invalid',
    class: 'dead-address',
    wire: { safari: safariForm(410), ...autopushTargets(autopushForm(410, 106, 'No such subscription')) },
    basis: 'interp',
    note: 'Ambiguous label, read as "subscription no longer valid". The Apple 410 body is unverified (§3.6); §4.2 allows Unregistered or none: none here, since {"reason":"Unregistered"} is what the webpush core answers for an unsubscribed subscription (browser_unsubscribed).',
  }),
  dashboard({
    name: 'server_issue',
    provider: 'webpush',
    label: 'Server issue',
    class: 'transient',
    wire: { safari: safariForm(500, 'InternalServerError'), ...autopushTargets(autopushForm(500, 999, 'An internal error occurred')) },
    basis: 'src',
    note: 'Alternatives: safari:ServiceUnavailable, safari:Shutdown, autopush:201 (503 with Retry-After: 120).',
  }),
  dashboard({
    name: 'browser_unsubscribed',
    provider: 'webpush',
    label: 'Browser unsubscribed',
    class: 'dead-address',
    wire: {
      chrome: chromeForm(410, CHROME_GONE),
      safari: safariForm(410, 'Unregistered'),
      ...autopushTargets(autopushForm(410, 103, 'UAID not found')),
    },
    basis: 'interp',
    note: 'Chrome [obs], autopush [src]; the Apple 410 body {"reason":"Unregistered"} is [interp] (§3.6), the webpush core’s own for an unsubscribed subscription.',
  }),
  dashboard({
    name: 'dispatch_failed',
    provider: 'webpush',
    label: 'Dispatch failed',
    class: 'transient',
    wire: { safari: { kind: 'reset' }, ...autopushTargets(autopushForm(502, 902, 'Error while connecting to bridge service')) },
    basis: 'interp',
    note: 'A generic transport failure: Apple has no HTTP answer for it, so the connection is reset. Alternative: autopush:903 (bridge timeout).',
  }),
  dashboard({
    name: 'payload_too_large',
    provider: 'webpush',
    label: 'Payload too large',
    class: 'bad-message',
    wire: { safari: safariForm(413, 'PayloadTooLarge'), ...autopushTargets(autopushForm(413, 104, 'A payload reached size limit.')) },
    basis: 'src',
  }),
]
