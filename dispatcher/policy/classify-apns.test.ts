import { describe, expect, it } from 'vitest'
import { classifyApns } from './classify-apns.ts'
import { answer } from './test-responses.ts'

const reason = (status: number, value: string) => answer(status, { reason: value })

describe('classifyApns', () => {
  it('accepts 200', () => {
    expect(classifyApns(answer(200), undefined)).toEqual({ outcome: 'accepted' })
  })

  // protocols.md §1.7 reasons → push-semantics §3 codes and §4 classes, written out by hand.
  it.each([
    [400, 'BadDeviceToken', 'apns_token_format', 'dead-address', 'bounce'],
    [400, 'MissingDeviceToken', 'apns_token_format', 'dead-address', 'bounce'],
    [400, 'DeviceTokenNotForTopic', 'apns_token_format', 'dead-address', 'bounce'],
    [410, 'Unregistered', 'DeviceTokenInactiveForTopic', 'dead-address', 'bounce'],
    [410, 'ExpiredToken', 'DeviceTokenInactiveForTopic', 'dead-address', 'bounce'],
    [400, 'PayloadEmpty', 'apns_empty_payload', 'bad-message', 'fail'],
    [413, 'PayloadTooLarge', 'payload_too_large', 'bad-message', 'fail'],
    [400, 'BadCollapseId', 'BadRequest', 'bad-message', 'fail'],
    [400, 'BadExpirationDate', 'BadRequest', 'bad-message', 'fail'],
    [400, 'BadMessageId', 'BadRequest', 'bad-message', 'fail'],
    [400, 'BadPriority', 'BadRequest', 'bad-message', 'fail'],
    [400, 'BadTopic', 'BadRequest', 'bad-message', 'fail'],
    [400, 'DuplicateHeaders', 'BadRequest', 'bad-message', 'fail'],
    [400, 'InvalidPushType', 'BadRequest', 'bad-message', 'fail'],
    [400, 'MissingTopic', 'BadRequest', 'bad-message', 'fail'],
    [400, 'TopicDisallowed', 'BadRequest', 'bad-message', 'fail'],
    [404, 'BadPath', 'BadRequest', 'bad-message', 'fail'],
    [405, 'MethodNotAllowed', 'BadRequest', 'bad-message', 'fail'],
    [403, 'BadCertificate', 'apns_auth_error', 'configuration', 'fail'],
    [403, 'BadCertificateEnvironment', 'apns_auth_error', 'configuration', 'fail'],
    [403, 'InvalidProviderToken', 'apns_auth_error', 'configuration', 'fail'],
    [403, 'MissingProviderToken', 'apns_auth_error', 'configuration', 'fail'],
    [403, 'BadEnvironmentKeyIdInToken', 'apns_auth_error', 'configuration', 'fail'],
    [403, 'BadEnvironmentKeyInToken', 'apns_auth_error', 'configuration', 'fail'],
    [403, 'Forbidden', 'apns_auth_error', 'configuration', 'fail'],
    [403, 'ExpiredProviderToken', 'apns_auth_error', 'credentials', 'refresh-credential-and-retry'],
    [403, 'UnrelatedKeyIdInToken', 'apns_auth_error', 'credentials', 'refresh-credential-and-retry'],
    [429, 'TooManyProviderTokenUpdates', 'apns_temp_blacklist', 'configuration', 'fail'],
    [429, 'TooManyRequests', 'apns_toomany_same_token', 'transient', 'retry'],
    [500, 'InternalServerError', 'apns_unknown', 'transient', 'retry'],
    [503, 'ServiceUnavailable', 'ServerUnavailable', 'transient', 'retry'],
    [503, 'Shutdown', 'ServerUnavailable', 'transient', 'retry'],
    [400, 'IdleTimeout', 'apns_unknown', 'transient', 'retry'],
  ])('%i %s → %s (%s, %s)', (status, apnsReason, code, errorClass, action) => {
    expect(classifyApns(reason(status, apnsReason), undefined)).toEqual({ outcome: 'error', code, class: errorClass, action })
  })

  it('reads the 410 body with its timestamp', () => {
    expect(classifyApns(answer(410, { reason: 'Unregistered', timestamp: 1712345678901 }), undefined)).toMatchObject({ code: 'DeviceTokenInactiveForTopic', class: 'dead-address' })
  })

  // An unknown reason, a non-JSON body (apns2's UnknownError) or no body falls back on the status.
  it.each([
    [400, '{"reason":"SomethingNew"}', 'BadRequest', 'bad-message'],
    [403, 'not json', 'apns_auth_error', 'configuration'],
    [410, '', 'DeviceTokenInactiveForTopic', 'dead-address'],
    [413, '', 'payload_too_large', 'bad-message'],
    [429, '{}', 'apns_toomany_same_token', 'transient'],
    [500, '<html>oops</html>', 'apns_unknown', 'transient'],
    [502, '', 'apns_unknown', 'transient'],
    [503, '', 'ServerUnavailable', 'transient'],
    [302, '', 'apns_unknown', 'transient'],
  ])('status %i with body %j → %s', (status, body, code, errorClass) => {
    expect(classifyApns(answer(status, body), undefined)).toMatchObject({ code, class: errorClass })
  })

  it('does not take an inherited property name for a reason', () => {
    expect(classifyApns(reason(400, 'toString'), undefined)).toMatchObject({ code: 'BadRequest' })
  })

  it('carries the Retry-After it is given', () => {
    expect(classifyApns(reason(429, 'TooManyRequests'), 30_000)).toEqual({ outcome: 'error', code: 'apns_toomany_same_token', class: 'transient', action: 'retry', retryAfterMs: 30_000 })
  })
})
