import { describe, expect, it } from 'vitest'
import { classifyChrome } from './classify-chrome.ts'
import { answer } from './test-responses.ts'

const VAPID_MISMATCH = 'the VAPID credentials in the authorization header do not correspond to the credentials used to create the subscriptions.'
const SENDER_KEY = 'the key in the authorization header does not correspond to the sender ID used to subscribe this user. Please ensure you are using the correct sender ID and server Key from the Firebase console.\n'
const STALE = 'A valid push subscription endpoint should be specified in the URL as such: https://fcm.googleapis.com/wp/dHIoDxE7Hdg:APA91bH1Zj0kNa...'
const AUTH_FORMAT = 'authorization header had invalid format. authorization header should have the following format: t=jwtToken; k=base64(publicApplicationServerKey)'

describe('classifyChrome', () => {
  it('accepts 201', () => {
    expect(classifyChrome(answer(201, '', { location: 'https://fcm.googleapis.com/0:1%e6' }), undefined)).toEqual({ outcome: 'accepted' })
  })

  // protocols.md §3.5 text answers → push-semantics §3 "Chrome over VAPID" codes (protocols §4.3), §4 classes.
  it.each([
    ['VAPID key mismatch', 403, VAPID_MISMATCH, 'gcm_ia', 'configuration', 'fail'],
    ['invalid JWT', 403, 'invalid JWT provided\n', 'gcm_ia', 'configuration', 'fail'],
    ['exp too far ahead', 403, 'exp claim MUST NOT be more than 24 hours from the time of the request', 'gcm_ia', 'configuration', 'fail'],
    ['bad authorization format (newer 403)', 403, AUTH_FORMAT, 'gcm_ia', 'configuration', 'fail'],
    ['bad authorization format (older 400)', 400, AUTH_FORMAT, 'gcm_ia', 'configuration', 'fail'],
    ['legacy INVALID_KEY', 401, '<HTML><TITLE>INVALID_KEY</TITLE> Error 401</HTML>', 'gcm_ia', 'configuration', 'fail'],
    ['server key of another sender', 403, SENDER_KEY, 'gcm_msi', 'configuration', 'fail'],
    ['stale token', 404, STALE, 'push_unreg', 'dead-address', 'bounce'],
    ['unsubscribed', 410, 'push subscription has unsubscribed or expired.\n', 'browser_unsubscribed', 'dead-address', 'bounce'],
    ['legacy NotRegistered', 410, '<HTML><TITLE>NotRegistered</TITLE> Error 410</HTML>', 'browser_unsubscribed', 'dead-address', 'bounce'],
    ['payload too large', 413, '', 'payload_too_large', 'bad-message', 'fail'],
    ['rate limited', 429, '', 'fcm_sending_rate_exceeded', 'transient', 'retry'],
    ['server error', 500, '', 'fcm_internal_server_error', 'transient', 'retry'],
    ['unavailable', 503, 'Service Unavailable', 'fcm_internal_server_error', 'transient', 'retry'],
    ['other 400', 400, 'bad request', 'gcm_others', 'bad-message', 'fail'],
  ])('%s → %s', (_name, status, body, code, errorClass, action) => {
    expect(classifyChrome(answer(status, body), undefined)).toEqual({ outcome: 'error', code, class: errorClass, action })
  })

  it('reads a JSON google.rpc.Status answer as FCM (Chrome over FCM)', () => {
    const body = { error: { code: 404, message: 'Requested entity was not found.', status: 'NOT_FOUND', details: [{ '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode: 'UNREGISTERED' }] } }
    expect(classifyChrome(answer(404, body), undefined)).toMatchObject({ code: 'push_unreg', class: 'dead-address' })
    const quota = { error: { code: 429, status: 'RESOURCE_EXHAUSTED', details: [{ '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode: 'QUOTA_EXCEEDED' }] } }
    const expired = { error: { code: 401, status: 'UNAUTHENTICATED', details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'ACCESS_TOKEN_EXPIRED' }] } }
    expect(classifyChrome(answer(401, expired), undefined)).toMatchObject({ code: 'fcm_oauth2_token_expired', class: 'credentials' })
    const invalid = { error: { code: 400, status: 'INVALID_ARGUMENT', details: [{ '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode: 'INVALID_ARGUMENT' }] } }
    expect(classifyChrome(answer(400, invalid), undefined)).toMatchObject({ code: 'fcm_invalid_argument', class: 'bad-message' })
    expect(classifyChrome(answer(429, quota), 60_000)).toEqual({ outcome: 'error', code: 'fcm_sending_rate_exceeded', class: 'transient', action: 'retry', retryAfterMs: 60_000 })
  })
})
