import { describe, expect, it } from 'vitest'
import { classifyAutopush } from './classify-autopush.ts'
import { answer } from './test-responses.ts'

const autopush = (code: number, errno: number | null, message = 'm') => ({ code, errno, error: 'E', message, more_info: 'http://autopush.readthedocs.io/en/latest/http.html#error-codes' })

describe('classifyAutopush (Firefox, KaiOS)', () => {
  it.each([201, 200, 202])('accepts %i', (status) => {
    expect(classifyAutopush(answer(status), undefined)).toEqual({ outcome: 'accepted' })
  })

  // protocols.md §3.4 errno table → push-semantics §3 web push codes (protocols §4.2), §4 classes.
  it.each([
    [400, 101, 'bad_params', 'bad-message', 'fail'],
    [400, 108, 'bad_params', 'bad-message', 'fail'],
    [400, 110, 'bad_params', 'bad-message', 'fail'],
    [400, 111, 'bad_params', 'bad-message', 'fail'],
    [400, 112, 'bad_params', 'bad-message', 'fail'],
    [400, 113, 'bad_params', 'bad-message', 'fail'],
    [400, 114, 'bad_params', 'bad-message', 'fail'],
    [401, 109, 'bad_auth', 'configuration', 'fail'],
    [404, 102, 'end_point_invalid', 'dead-address', 'bounce'],
    [410, 103, 'browser_unsubscribed', 'dead-address', 'bounce'],
    [410, 105, 'browser_unsubscribed', 'dead-address', 'bounce'],
    [410, 106, 'token_invalid', 'dead-address', 'bounce'],
    [413, 104, 'payload_too_large', 'bad-message', 'fail'],
    [500, 999, 'server_issue', 'transient', 'retry'],
    [503, 201, 'server_issue', 'transient', 'retry'],
    [503, 202, 'server_issue', 'transient', 'retry'],
    [502, 900, 'dispatch_failed', 'transient', 'retry'],
    [502, 901, 'dispatch_failed', 'transient', 'retry'],
    [502, 902, 'dispatch_failed', 'transient', 'retry'],
    [502, 903, 'dispatch_failed', 'transient', 'retry'],
  ])('%i errno %i → %s', (status, errno, code, errorClass, action) => {
    expect(classifyAutopush(answer(status, autopush(status, errno)), undefined)).toEqual({ outcome: 'error', code, class: errorClass, action })
  })

  // errno null (autopush's Conditional 503), unknown errnos and bodies that are not autopush's: the status decides.
  it.each([
    [503, JSON.stringify(autopush(503, null, 'Conditional database operation failed')), 'server_issue', 'transient'],
    [400, JSON.stringify(autopush(400, 777)), 'bad_params', 'bad-message'],
    [401, '', 'bad_auth', 'configuration'],
    [403, '', 'bad_auth', 'configuration'],
    [404, '', 'end_point_invalid', 'dead-address'],
    [410, '', 'token_invalid', 'dead-address'],
    [413, '', 'payload_too_large', 'bad-message'],
    [429, '', 'server_issue', 'transient'],
    [500, '', 'server_issue', 'transient'],
    [502, '<html>Bad Gateway</html>', 'dispatch_failed', 'transient'],
    [504, '', 'dispatch_failed', 'transient'],
    [301, '', 'end_point_invalid', 'dead-address'],
    [422, '', 'bad_params', 'bad-message'],
    [101, '', 'dispatch_failed', 'transient'],
  ])('status %i with body %j → %s', (status, body, code, errorClass) => {
    expect(classifyAutopush(answer(status, body), undefined)).toMatchObject({ code, class: errorClass })
  })

  it('carries the Retry-After it is given (every autopush 503 has one)', () => {
    expect(classifyAutopush(answer(503, autopush(503, 201), { 'retry-after': '120' }), 120_000)).toMatchObject({ code: 'server_issue', retryAfterMs: 120_000 })
  })
})
