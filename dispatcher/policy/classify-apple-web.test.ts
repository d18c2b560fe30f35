import { describe, expect, it } from 'vitest'
import { classifyAppleWeb } from './classify-apple-web.ts'
import { answer } from './test-responses.ts'

const reason = (status: number, value: string) => answer(status, { reason: value })

describe('classifyAppleWeb (Safari)', () => {
  it.each([201, 200])('accepts %i', (status) => {
    expect(classifyAppleWeb(answer(status), undefined)).toEqual({ outcome: 'accepted' })
  })

  // protocols.md §3.6 reasons → push-semantics §3 codes for Safari (protocols §4.2 Apple column), §4 classes.
  it.each([
    [400, 'BadTtl', 'bad_params', 'bad-message', 'fail'],
    [400, 'BadUrgency', 'bad_params', 'bad-message', 'fail'],
    [400, 'BadWebPushRequest', 'bad_params', 'bad-message', 'fail'],
    [400, 'BadWebPushTopic', 'bad_params', 'bad-message', 'fail'],
    [405, 'MethodNotAllowed', 'bad_params', 'bad-message', 'fail'],
    [403, 'BadJwtToken', 'bad_auth', 'configuration', 'fail'],
    [403, 'BadAuthorizationHeader', 'bad_auth', 'configuration', 'fail'],
    [403, 'BadVapidPublicKey', 'bad_auth', 'configuration', 'fail'],
    [400, 'VapidPkHashMismatch', 'bad_auth', 'configuration', 'fail'],
    [404, 'BadPath', 'end_point_invalid', 'dead-address', 'bounce'],
    [410, 'Unregistered', 'browser_unsubscribed', 'dead-address', 'bounce'],
    [410, 'ExpiredToken', 'browser_unsubscribed', 'dead-address', 'bounce'],
    [413, 'PayloadTooLarge', 'payload_too_large', 'bad-message', 'fail'],
    [429, 'TooManyRequests', 'server_issue', 'transient', 'retry'],
    [500, 'InternalServerError', 'server_issue', 'transient', 'retry'],
    [503, 'ServiceUnavailable', 'server_issue', 'transient', 'retry'],
    [503, 'Shutdown', 'server_issue', 'transient', 'retry'],
    [400, 'IdleTimeout', 'dispatch_failed', 'transient', 'retry'],
  ])('%i %s → %s', (status, appleReason, code, errorClass, action) => {
    expect(classifyAppleWeb(reason(status, appleReason), undefined)).toEqual({ outcome: 'error', code, class: errorClass, action })
  })

  it.each([
    [410, '', 'token_invalid', 'dead-address'],
    [403, '', 'bad_auth', 'configuration'],
    [400, '{"reason":"SomethingNew"}', 'bad_params', 'bad-message'],
    [500, 'not json', 'server_issue', 'transient'],
    [502, '', 'dispatch_failed', 'transient'],
  ])('status %i with body %j → %s', (status, body, code, errorClass) => {
    expect(classifyAppleWeb(answer(status, body), undefined)).toMatchObject({ code, class: errorClass })
  })
})
