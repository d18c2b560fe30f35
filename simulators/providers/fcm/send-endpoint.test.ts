import { describe, expect, it } from 'vitest'
import { buildRequest } from '../../kernel/index.ts'
import {
  accessToken,
  DEVICE_TOKEN,
  fcmError,
  json,
  outcomeOf,
  PROJECT,
  send,
  setup,
  signAssertion,
  statusBody,
} from './test-support.ts'

const SEE = 'Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.'
const errorInfo = (reason: string) => ({
  '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
  reason,
  domain: 'googleapis.com',
  metadata: { method: 'google.firebase.fcm.v1.FcmService.SendMessage', service: 'fcm.googleapis.com' },
})
const message = { message: { token: DEVICE_TOKEN, notification: { title: 'Hi', body: 'there' } } }

describe('messages:send success', () => {
  it('answers 200 with a message name in the real format', () => {
    const { fcm } = setup()
    const { response, note } = send(fcm, message)
    expect(response.status).toBe(200)
    expect(response.headers['content-type']).toBe('application/json; charset=UTF-8')
    expect(json(response)).toEqual({ name: expect.stringMatching(/^projects\/demo-project\/messages\/0:\d{16}%[0-9a-f]{16}$/) })
    expect(note).toEqual({ target: DEVICE_TOKEN, flavour: PROJECT })
  })

  it('pretty-prints JSON with two spaces, as Google APIs do', () => {
    const { response } = send(setup().fcm, message)
    expect(String(response.body)).toMatch(/^\{\n {2}"name": "projects\/demo-project\/messages\/0:\d+%[0-9a-f]+"\n\}\n$/)
  })

  it('returns synchronously and draws ids from the seeded rng', () => {
    const first = setup().fcm
    const second = setup().fcm
    const token = accessToken(first)
    expect(accessToken(second)).toBe(token)
    expect(json(send(first, message, { token }).response)).toEqual(json(send(second, message, { token }).response))
  })

  it('answers a dry run with fake_message_id, in either spelling', () => {
    const { fcm } = setup()
    for (const flag of ['validate_only', 'validateOnly']) {
      const { response } = send(fcm, { ...message, [flag]: true })
      expect(json(response)).toEqual({ name: 'projects/demo-project/messages/fake_message_id' })
    }
  })

  it('notes topic, condition and fid targets with a prefix', () => {
    const { fcm } = setup()
    expect(send(fcm, { message: { topic: 'news' } }).note?.target).toBe('topic:news')
    expect(send(fcm, { message: { condition: "'a' in topics" } }).note?.target).toBe("condition:'a' in topics")
    expect(send(fcm, { message: { fid: 'cAbCdEfGhIjKlMnOpQrStU' } }).note?.target).toBe('fid:cAbCdEfGhIjKlMnOpQrStU')
  })

  it('ignores the query string', () => {
    const { fcm } = setup()
    const request = buildRequest({
      path: `/v1/projects/${PROJECT}/messages:send?alt=json`,
      headers: { authorization: `Bearer ${accessToken(fcm)}` },
      body: JSON.stringify(message),
    })
    expect(outcomeOf(fcm.handle(request)).response.status).toBe(200)
  })
})

describe('messages:send OAuth failures', () => {
  it('401 CREDENTIALS_MISSING without Authorization', () => {
    const { response, note } = send(setup().fcm, message, { token: null })
    expect(response.status).toBe(401)
    expect(response.headers['www-authenticate']).toBe('Bearer realm="https://accounts.google.com/"')
    expect(json(response)).toEqual(
      statusBody(401, 'UNAUTHENTICATED', `Request is missing required authentication credential. ${SEE}`, [errorInfo('CREDENTIALS_MISSING')]),
    )
    expect(note).toEqual({ target: '', flavour: PROJECT, reason: 'CREDENTIALS_MISSING' })
  })

  it.each([
    ['an unknown bearer token', { authorization: 'Bearer ya29.never-issued' }],
    ['a legacy server key', { authorization: 'key=AAAA1234' }],
  ])('401 ACCESS_TOKEN_TYPE_UNSUPPORTED for %s', (_, headers) => {
    const { response } = send(setup().fcm, message, { token: null, headers })
    expect(response.status).toBe(401)
    expect(json(response)).toEqual(
      statusBody(401, 'UNAUTHENTICATED', `Request had invalid authentication credentials. ${SEE}`, [errorInfo('ACCESS_TOKEN_TYPE_UNSUPPORTED')]),
    )
  })

  it('401 ACCESS_TOKEN_EXPIRED once the token outlived its ttl, with no FcmError detail', () => {
    const { fcm, clock } = setup()
    const token = accessToken(fcm)
    clock.advance(3599_000)
    expect(send(fcm, message, { token }).response.status).toBe(200)
    clock.advance(1_000)
    const { response, note } = send(fcm, message, { token })
    expect(response.status).toBe(401)
    expect(json(response)).toEqual(
      statusBody(401, 'UNAUTHENTICATED', `Request had invalid authentication credentials. ${SEE}`, [errorInfo('ACCESS_TOKEN_EXPIRED')]),
    )
    expect(note).toEqual({ target: '', flavour: PROJECT, reason: 'ACCESS_TOKEN_EXPIRED' })
  })

  it('expireAccessTokens() expires every live token and counts them; a fresh grant works again', () => {
    const { fcm } = setup()
    const first = accessToken(fcm)
    const second = accessToken(fcm)
    expect(fcm.expireAccessTokens()).toBe(2)
    expect(fcm.expireAccessTokens()).toBe(0)
    for (const token of [first, second]) {
      expect(json(send(fcm, message, { token }).response)).toMatchObject({ error: { details: [errorInfo('ACCESS_TOKEN_EXPIRED')] } })
    }
    expect(send(fcm, message).response.status).toBe(200)
  })

  it('403 when the token lacks a messaging scope', () => {
    const { fcm } = setup()
    const token = accessToken(fcm, signAssertion({ claims: { scope: 'https://www.googleapis.com/auth/userinfo.email' } }))
    const { response, note } = send(fcm, message, { token })
    expect(response.status).toBe(403)
    expect(json(response)).toEqual(
      statusBody(403, 'PERMISSION_DENIED', 'Request had insufficient authentication scopes.', [errorInfo('ACCESS_TOKEN_SCOPE_INSUFFICIENT')]),
    )
    expect(note?.reason).toBe('ACCESS_TOKEN_SCOPE_INSUFFICIENT')
  })

  it('accepts the cloud-platform scope', () => {
    const { fcm } = setup()
    const token = accessToken(fcm, signAssertion({ claims: { scope: 'https://www.googleapis.com/auth/cloud-platform' } }))
    expect(send(fcm, message, { token }).response.status).toBe(200)
  })

  it("403 PERMISSION_DENIED when the service account's project is not the path's", () => {
    const { response, note } = send(setup().fcm, message, { project: 'other-project' })
    expect(response.status).toBe(403)
    expect(json(response)).toEqual(
      statusBody(
        403,
        'PERMISSION_DENIED',
        "Permission 'cloudmessaging.messages.create' denied on resource '//cloudresourcemanager.googleapis.com/projects/other-project' (or it may not exist).",
      ),
    )
    expect(note).toEqual({ target: '', flavour: 'other-project', reason: 'PERMISSION_DENIED' })
  })

  it('checks credentials before reading the body', () => {
    const { response } = send(setup().fcm, '{not json', { token: null })
    expect(response.status).toBe(401)
  })
})

describe('messages:send token registry', () => {
  it('404 UNREGISTERED for an unregistered token, also on a dry run', () => {
    const { fcm } = setup()
    expect(fcm.unregisterToken(DEVICE_TOKEN)).toEqual({ ok: true, value: { token: DEVICE_TOKEN, project: null, state: 'unregistered' } })
    for (const body of [message, { ...message, validate_only: true }]) {
      const { response, note } = send(fcm, body)
      expect(response.status).toBe(404)
      expect(json(response)).toEqual(statusBody(404, 'NOT_FOUND', 'Requested entity was not found.', [fcmError('UNREGISTERED')]))
      expect(note).toEqual({ target: DEVICE_TOKEN, flavour: PROJECT, reason: 'UNREGISTERED' })
    }
  })

  it('403 SENDER_ID_MISMATCH for a token of another project', () => {
    const { fcm } = setup()
    fcm.registerToken({ token: DEVICE_TOKEN, project: 'someone-else' })
    const { response, note } = send(fcm, message)
    expect(response.status).toBe(403)
    expect(json(response)).toEqual(statusBody(403, 'PERMISSION_DENIED', 'SenderId mismatch', [fcmError('SENDER_ID_MISMATCH')]))
    expect(note?.reason).toBe('SENDER_ID_MISMATCH')
  })

  it('delivers to a token registered to this project, and again after removal', () => {
    const { fcm } = setup()
    fcm.registerToken({ token: DEVICE_TOKEN, project: PROJECT, state: 'unregistered' })
    expect(send(fcm, message).response.status).toBe(404)
    expect(fcm.registerToken({ token: DEVICE_TOKEN, project: PROJECT })).toEqual({ ok: true, value: { token: DEVICE_TOKEN, project: PROJECT, state: 'valid' } })
    expect(send(fcm, message).response.status).toBe(200)
    fcm.unregisterToken(DEVICE_TOKEN)
    expect(fcm.listTokens()).toEqual([{ token: DEVICE_TOKEN, project: PROJECT, state: 'unregistered' }])
    expect(fcm.removeToken(DEVICE_TOKEN)).toEqual({ ok: true, value: undefined })
    expect(send(fcm, message).response.status).toBe(200)
  })

  it('reports registry errors as values', () => {
    const { fcm } = setup()
    expect(fcm.removeToken('absent')).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'Failed to remove token: "absent" is not registered' } })
    expect(fcm.registerToken({ token: 'bad token' })).toEqual({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: 'Failed to register token: not a valid FCM registration token' },
    })
    expect(fcm.registerToken({ token: DEVICE_TOKEN, state: 'gone' as never })).toEqual({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: "Failed to register token: state must be 'valid' or 'unregistered'" },
    })
    expect(fcm.unregisterToken('null')).toEqual({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: 'Failed to unregister token: not a valid FCM registration token' },
    })
  })

  it('forgets tokens and access tokens on reset', () => {
    const { fcm } = setup()
    const token = accessToken(fcm)
    fcm.unregisterToken(DEVICE_TOKEN)
    fcm.reset()
    expect(fcm.listTokens()).toEqual([])
    expect(json(send(fcm, message, { token }).response)).toMatchObject({ error: { details: [errorInfo('ACCESS_TOKEN_TYPE_UNSUPPORTED')] } })
  })
})
