import { describe, expect, it } from 'vitest'
import { classifyFcm } from './classify-fcm.ts'
import { answer } from './test-responses.ts'

const FCM_ERROR = 'type.googleapis.com/google.firebase.fcm.v1.FcmError'
const fcmError = (errorCode: string) => ({ '@type': FCM_ERROR, errorCode })
const envelope = (code: number, status: string, details: unknown[] = [], message = 'm') => ({ error: { code, message, status, details } })

describe('classifyFcm', () => {
  it('accepts 200 with a message name', () => {
    expect(classifyFcm(answer(200, { name: 'projects/p/messages/0:1' }), undefined)).toEqual({ outcome: 'accepted' })
  })

  // Bodies of protocols.md §2.6, codes of push-semantics §3 "Chrome over FCM", classes of §4.
  it.each([
    ['unregistered token', 404, envelope(404, 'NOT_FOUND', [fcmError('UNREGISTERED')]), 'push_unreg', 'dead-address', 'bounce'],
    ['unregistered FID', 404, envelope(404, 'NOT_FOUND', [fcmError('UNREGISTERED_FID')]), 'push_unreg', 'dead-address', 'bounce'],
    [
      'iOS token gone, variant 2 (INVALID_ARGUMENT + ApnsError 410)',
      400,
      envelope(400, 'INVALID_ARGUMENT', [fcmError('INVALID_ARGUMENT'), { '@type': 'type.googleapis.com/google.firebase.fcm.v1.ApnsError', statusCode: 410, reason: 'Unregistered' }]),
      'push_unreg',
      'dead-address',
      'bounce',
    ],
    ['invalid token format', 400, envelope(400, 'INVALID_ARGUMENT', [fcmError('INVALID_ARGUMENT')]), 'fcm_invalid_argument', 'bad-message', 'fail'],
    [
      'BadRequest field violation, no FcmError',
      400,
      envelope(400, 'INVALID_ARGUMENT', [{ '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [{ field: 'message.data[0].value', description: 'x' }] }]),
      'fcm_invalid_argument',
      'bad-message',
      'fail',
    ],
    ['generic invalid argument without details', 400, envelope(400, 'INVALID_ARGUMENT'), 'gcm_others', 'bad-message', 'fail'],
    ['UNSPECIFIED_ERROR', 500, envelope(500, 'UNKNOWN', [fcmError('UNSPECIFIED_ERROR')]), 'gcm_others', 'bad-message', 'fail'],
    ['sender mismatch', 403, envelope(403, 'PERMISSION_DENIED', [fcmError('SENDER_ID_MISMATCH')]), 'gcm_msi', 'configuration', 'fail'],
    ['service account lacks permission', 403, envelope(403, 'PERMISSION_DENIED'), 'gcm_msi', 'configuration', 'fail'],
    ['quota exceeded', 429, envelope(429, 'RESOURCE_EXHAUSTED', [fcmError('QUOTA_EXCEEDED')]), 'fcm_sending_rate_exceeded', 'transient', 'retry'],
    ['resource exhausted without FcmError', 429, envelope(429, 'RESOURCE_EXHAUSTED'), 'fcm_sending_rate_exceeded', 'transient', 'retry'],
    ['internal', 500, envelope(500, 'INTERNAL', [fcmError('INTERNAL')]), 'fcm_internal_server_error', 'transient', 'retry'],
    ['unavailable', 503, envelope(503, 'UNAVAILABLE', [fcmError('UNAVAILABLE')]), 'fcm_internal_server_error', 'transient', 'retry'],
    [
      'OAuth access token expired (ErrorInfo, no FcmError)',
      401,
      envelope(401, 'UNAUTHENTICATED', [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'ACCESS_TOKEN_EXPIRED', domain: 'googleapis.com', metadata: { service: 'fcm.googleapis.com' } }]),
      'fcm_oauth2_token_expired',
      'credentials',
      'refresh-credential-and-retry',
    ],
    ['no Authorization header', 401, envelope(401, 'UNAUTHENTICATED'), 'fcm_oauth2_token_expired', 'credentials', 'refresh-credential-and-retry'],
    [
      'no Authorization header (ErrorInfo CREDENTIALS_MISSING): our access token did not arrive, fetch one',
      401,
      envelope(401, 'UNAUTHENTICATED', [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'CREDENTIALS_MISSING', domain: 'googleapis.com', metadata: { service: 'fcm.googleapis.com' } }]),
      'fcm_oauth2_token_expired',
      'credentials',
      'refresh-credential-and-retry',
    ],
    [
      'APNs credential problem relayed',
      401,
      envelope(401, 'UNAUTHENTICATED', [fcmError('THIRD_PARTY_AUTH_ERROR'), { '@type': 'type.googleapis.com/google.firebase.fcm.v1.ApnsError', statusCode: 403, reason: 'InvalidProviderToken' }]),
      'gcm_ia',
      'configuration',
      'fail',
    ],
    ['deprecated APNS_AUTH_ERROR', 401, envelope(401, 'UNAUTHENTICATED', [fcmError('APNS_AUTH_ERROR')]), 'gcm_ia', 'configuration', 'fail'],
  ])('%s → %s', (_name, status, body, code, errorClass, action) => {
    expect(classifyFcm(answer(status, body), undefined)).toEqual({ outcome: 'error', code, class: errorClass, action })
  })

  it('reads the first FcmError when several are present', () => {
    const body = envelope(404, 'NOT_FOUND', [fcmError('UNREGISTERED'), fcmError('INTERNAL')])
    expect(classifyFcm(answer(404, body), undefined)).toMatchObject({ code: 'push_unreg' })
  })

  // Not an envelope (HTML from a proxy, an empty body, a broken one): the HTTP status decides.
  it.each([
    [400, '<html>Bad Request</html>', 'gcm_others', 'bad-message'],
    [401, '', 'fcm_oauth2_token_expired', 'credentials'],
    [403, '', 'gcm_msi', 'configuration'],
    [404, 'Not Found', 'push_unreg', 'dead-address'],
    [429, '', 'fcm_sending_rate_exceeded', 'transient'],
    [502, '<html>Bad Gateway</html>', 'fcm_internal_server_error', 'transient'],
    [418, '', 'gcm_others', 'bad-message'],
    [500, '{"error":null}', 'fcm_internal_server_error', 'transient'],
    [404, '{"error":{"status":"WEIRD","details":"nope"}}', 'push_unreg', 'dead-address'],
  ])('status %i with body %j → %s', (status, body, code, errorClass) => {
    expect(classifyFcm(answer(status, body), undefined)).toMatchObject({ code, class: errorClass })
  })

  it('carries the Retry-After it is given', () => {
    expect(classifyFcm(answer(503, envelope(503, 'UNAVAILABLE', [fcmError('UNAVAILABLE')])), 120_000)).toMatchObject({ retryAfterMs: 120_000 })
  })
})
