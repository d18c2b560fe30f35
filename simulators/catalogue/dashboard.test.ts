/**
 * Every dashboard code of push-semantics §3, rendered on each of its targets
 * and checked against protocols.md §4, with expectations written out here
 * (not derived from the catalogue).
 */
import { describe, expect, it } from 'vitest'
import { manualClock } from '../kernel/clock.ts'
import { createRng } from '../kernel/rng.ts'
import { CATALOGUE, findEntry, renderWire, type ErrorClass, type WireTarget } from './index.ts'

const APNS_ID = '1f0c3b4a-9d2e-4c55-8a6b-0123456789ab'
const NOW = Date.UTC(2026, 0, 1)

/** push-semantics §3, in its order; the four Safari labels by their dashboard wording. */
const DASHBOARD_CODES = [
  'apns_auth_error', 'apns_toomany_same_token', 'apns_unknown', 'apns_token_format', 'apns_temp_blacklist', 'apns_empty_payload',
  'bad_params', 'bad_auth', 'end_point_invalid', 'token_invalid', 'server_issue', 'browser_unsubscribed', 'dispatch_failed', 'payload_too_large',
  'gcm_ia', 'push_unreg',
  'gcm_others', 'fcm_invalid_argument', 'fcm_sending_rate_exceeded', 'fcm_oauth2_token_expired', 'gcm_msi', 'fcm_internal_server_error',
  'Invalid Authentication', 'BadRequest', 'DeviceTokenInactiveForTopic', 'ServerUnavailable',
]

type Expected = { status: number; headers: Record<string, string>; body?: string } | { kind: 'reset' }

const apns = (status: number, reason: string): Expected => ({
  status,
  headers: { 'content-type': 'application/json', 'apns-id': APNS_ID },
  body: `{"reason":"${reason}"}`,
})
const safari = apns
const MORE_INFO = 'http://autopush.readthedocs.io/en/latest/http.html#error-codes'
const autopush = (status: number, errno: number, error: string, message: string): Expected => ({
  status,
  headers: status === 410 ? { 'content-type': 'application/json', 'cache-control': 'max-age=86400' } : { 'content-type': 'application/json' },
  body: `{"code":${status},"errno":${errno},"error":"${error}","message":"${message}","more_info":"${MORE_INFO}"}`,
})
const bothAutopush = (expected: Expected) => ({ firefox: expected, kaios: expected })
const chrome = (status: number, body: string): Expected => ({ status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body })
const FCM_HEADERS = { 'content-type': 'application/json; charset=UTF-8', vary: 'Origin, X-Origin, Referer' }
/** Google's pretty-printed JSON, two spaces and a trailing newline. */
const fcm = (status: number, error: unknown, extraHeaders: Record<string, string> = {}): Expected => ({
  status,
  headers: { ...FCM_HEADERS, ...extraHeaders },
  body: `${JSON.stringify({ error }, null, 2)}\n`,
})
const fcmError = (errorCode: string) => ({ '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode })

const VAPID_MISMATCH = 'the VAPID credentials in the authorization header do not correspond to the credentials used to create the subscriptions.'
const CHROME_404 = 'A valid push subscription endpoint should be specified in the URL as such: https://fcm.googleapis.com/wp/dHIoDxE7Hdg:APA91bH1Zj0kNa...'
const SENDER_MISMATCH =
  'the key in the authorization header does not correspond to the sender ID used to subscribe this user. Please ensure you are using the correct sender ID and server Key from the Firebase console.\n'
const UNREGISTERED_FCM = fcm(404, { code: 404, message: 'Requested entity was not found.', status: 'NOT_FOUND', details: [fcmError('UNREGISTERED')] })

const EXPECTED: Record<string, { class: ErrorClass; wire: Partial<Record<WireTarget, Expected>> }> = {
  apns_auth_error: { class: 'configuration', wire: { apns: apns(403, 'BadCertificate') } },
  apns_toomany_same_token: { class: 'transient', wire: { apns: apns(429, 'TooManyRequests') } },
  apns_unknown: { class: 'transient', wire: { apns: apns(500, 'InternalServerError') } },
  apns_token_format: { class: 'dead-address', wire: { apns: apns(400, 'BadDeviceToken') } },
  apns_temp_blacklist: { class: 'configuration', wire: { apns: apns(429, 'TooManyProviderTokenUpdates') } },
  apns_empty_payload: { class: 'bad-message', wire: { apns: apns(400, 'PayloadEmpty') } },
  bad_params: { class: 'bad-message', wire: { safari: safari(400, 'BadTtl'), ...bothAutopush(autopush(400, 111, 'Bad Request', 'Missing TTL value')) } },
  bad_auth: { class: 'configuration', wire: { safari: safari(403, 'BadJwtToken'), ...bothAutopush(autopush(401, 109, 'Unauthorized', 'Invalid VAPID audience')) } },
  end_point_invalid: { class: 'dead-address', wire: { safari: safari(404, 'BadPath'), ...bothAutopush(autopush(404, 102, 'Not Found', 'Invalid token')) } },
  token_invalid: {
    class: 'dead-address',
    wire: {
      safari: { status: 410, headers: { 'content-type': 'application/json', 'apns-id': APNS_ID } },
      ...bothAutopush(autopush(410, 106, 'Gone', 'No such subscription')),
    },
  },
  server_issue: {
    class: 'transient',
    wire: { safari: safari(500, 'InternalServerError'), ...bothAutopush(autopush(500, 999, 'Internal Server Error', 'An internal error occurred')) },
  },
  browser_unsubscribed: {
    class: 'dead-address',
    wire: {
      chrome: chrome(410, 'push subscription has unsubscribed or expired.\n'),
      safari: safari(410, 'Unregistered'),
      ...bothAutopush(autopush(410, 103, 'Gone', 'UAID not found')),
    },
  },
  dispatch_failed: {
    class: 'transient',
    wire: { safari: { kind: 'reset' }, ...bothAutopush(autopush(502, 902, 'Bad Gateway', 'Error while connecting to bridge service')) },
  },
  payload_too_large: {
    class: 'bad-message',
    wire: { safari: safari(413, 'PayloadTooLarge'), ...bothAutopush(autopush(413, 104, 'Payload Too Large', 'A payload reached size limit.')) },
  },
  gcm_ia: { class: 'configuration', wire: { chrome: chrome(403, VAPID_MISMATCH) } },
  push_unreg: { class: 'dead-address', wire: { chrome: chrome(404, CHROME_404), fcm: UNREGISTERED_FCM } },
  gcm_others: {
    class: 'bad-message',
    wire: { fcm: fcm(400, { code: 400, message: 'Request contains an invalid argument.', status: 'INVALID_ARGUMENT' }) },
  },
  fcm_invalid_argument: {
    class: 'bad-message',
    wire: {
      fcm: fcm(400, {
        code: 400,
        message: 'The registration token is not a valid FCM registration token',
        status: 'INVALID_ARGUMENT',
        details: [fcmError('INVALID_ARGUMENT')],
      }),
    },
  },
  fcm_sending_rate_exceeded: {
    class: 'transient',
    wire: {
      fcm: fcm(429, {
        code: 429,
        message: 'Topic quota exceeded.',
        status: 'RESOURCE_EXHAUSTED',
        details: [
          fcmError('QUOTA_EXCEEDED'),
          { '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{ subject: 'project:my-project', description: 'Topic quota exceeded.' }] },
        ],
      }),
    },
  },
  fcm_oauth2_token_expired: {
    class: 'credentials',
    wire: {
      fcm: fcm(
        401,
        {
          code: 401,
          message:
            'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
          status: 'UNAUTHENTICATED',
          details: [
            {
              '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
              reason: 'ACCESS_TOKEN_EXPIRED',
              domain: 'googleapis.com',
              metadata: { method: 'google.firebase.fcm.v1.FcmService.SendMessage', service: 'fcm.googleapis.com' },
            },
          ],
        },
        { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' },
      ),
    },
  },
  gcm_msi: {
    class: 'configuration',
    wire: {
      fcm: fcm(403, { code: 403, message: 'SenderId mismatch', status: 'PERMISSION_DENIED', details: [fcmError('SENDER_ID_MISMATCH')] }),
      chrome: chrome(403, SENDER_MISMATCH),
    },
  },
  fcm_internal_server_error: {
    class: 'transient',
    wire: { fcm: fcm(500, { code: 500, message: 'Internal error encountered.', status: 'INTERNAL', details: [fcmError('INTERNAL')] }) },
  },
  // The Safari labels (§4.5) keep only the forms no §4.1/§4.2 code names: see entries/dashboard.ts.
  'Invalid Authentication': { class: 'configuration', wire: {} },
  BadRequest: { class: 'bad-message', wire: { apns: apns(400, 'BadTopic') } },
  DeviceTokenInactiveForTopic: {
    class: 'dead-address',
    wire: { apns: { ...apns(410, 'Unregistered'), body: `{"reason":"Unregistered","timestamp":${NOW}}` } },
  },
  ServerUnavailable: { class: 'transient', wire: { apns: apns(503, 'ServiceUnavailable') } },
}

const render = (name: string, target: WireTarget) => {
  const spec = findEntry(name)!.wire[target]!
  return renderWire(spec, { target, rng: createRng('test'), clock: manualClock(NOW), apnsId: APNS_ID })
}

describe('dashboard codes (push-semantics §3 → protocols.md §4)', () => {
  it.each(DASHBOARD_CODES)('%s answers on exactly its targets, as §4 says', (code) => {
    const entry = findEntry(code)
    const expected = EXPECTED[code]!
    expect(entry?.kind).toBe('dashboard')
    expect(Object.keys(entry!.wire).sort()).toEqual(Object.keys(expected.wire).sort())
    for (const [target, wire] of Object.entries(expected.wire) as [WireTarget, Expected][]) {
      const rendered = render(code, target)
      expect(rendered, `${code} on ${target}`).toEqual('kind' in wire ? wire : { kind: 'respond', response: wire })
    }
  })

  it.each(DASHBOARD_CODES)('%s has the class of push-semantics §4 and its action', (code) => {
    const entry = findEntry(code)!
    const ACTIONS = { transient: 'retry', credentials: 'refresh-credential-and-retry', configuration: 'fail', 'bad-message': 'fail', 'dead-address': 'bounce' }
    expect(entry.class).toBe(EXPECTED[code]!.class)
    expect(entry.action).toBe(ACTIONS[entry.class])
    expect(entry.retry).toBe(entry.class === 'transient' || entry.class === 'credentials')
  })

  it('holds no dashboard code beyond §3', () => {
    const listed = new Set(DASHBOARD_CODES.map((code) => findEntry(code)!.name))
    expect(CATALOGUE.filter((entry) => entry.kind === 'dashboard').map((entry) => entry.name).sort()).toEqual([...listed].sort())
    expect(listed.size).toBe(DASHBOARD_CODES.length)
  })
})
