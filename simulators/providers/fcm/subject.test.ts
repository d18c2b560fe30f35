/** The FCM core names a send's subject (faults match on it) as its ledger note names it, reading the body only when asked. */
import { describe, expect, it } from 'vitest'
import { buildRequest } from '../../kernel/request.ts'
import { accessToken, DEVICE_TOKEN, outcomeOf, PROJECT, setup } from './test-support.ts'

const sendRequest = (token: string, body: string, project = PROJECT) =>
  buildRequest({ path: `/v1/projects/${project}/messages:send`, authority: 'fcm.googleapis.com', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body })

describe('FcmCore.subjectOf', () => {
  it.each([
    ['a token send', { message: { token: DEVICE_TOKEN, data: { a: 'b' } } }],
    ['a topic send', { message: { topic: 'news' } }],
    ['a condition send', { message: { condition: "'a' in topics" } }],
    ['an fid send', { message: { fid: 'cAAAAAAAAAAAAAAAAAAAAA' } }],
    ['an invalid message still names its target', { message: { token: DEVICE_TOKEN, bogus: 1 } }],
    ['a message without a target', { message: { data: { a: 'b' } } }],
    ['a body that is not JSON', '{"message":'],
  ])('%s: the flavour and target of the core note', (_case, body) => {
    const { fcm } = setup()
    const request = sendRequest(accessToken(fcm), typeof body === 'string' ? body : JSON.stringify(body))
    const subject = fcm.subjectOf(request)
    const { note } = outcomeOf(fcm.handle(request))
    expect({ flavour: subject.flavour, target: subject.target ?? '' }).toEqual({ flavour: note?.flavour, target: note?.target })
  })

  it('reads the body only when the target is asked for, once', () => {
    const { fcm } = setup()
    const request = sendRequest('token', JSON.stringify({ message: { token: DEVICE_TOKEN } }), 'other-project')
    let reads = 0
    const toString = request.body.toString.bind(request.body)
    request.body.toString = ((...args: Parameters<Buffer['toString']>) => ((reads += 1), toString(...args))) as Buffer['toString']
    const subject = fcm.subjectOf(request)
    expect(subject.flavour).toBe('other-project')
    expect(reads).toBe(0)
    expect([subject.target, subject.target]).toEqual([DEVICE_TOKEN, DEVICE_TOKEN])
    expect(reads).toBe(1)
  })

  it('names nothing for the legacy endpoints, and marks the token endpoints as credential routes', () => {
    const { fcm } = setup()
    for (const path of ['/fcm/send', '/v1/projects/x/messages:batch']) {
      expect(fcm.subjectOf(buildRequest({ path, body: '{"to":"abc","message":{"token":"t"}}' }))).toEqual({ flavour: undefined, target: undefined })
    }
    for (const path of ['/token', '/oauth2/v4/token', '/o/oauth2/token']) expect(fcm.subjectOf(buildRequest({ path, body: 'grant_type=x' }))).toEqual({ flavour: undefined, target: undefined, credentials: true })
  })
})
