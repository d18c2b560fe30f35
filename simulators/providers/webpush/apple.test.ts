import { describe, expect, it } from 'vitest'
import type { Outcome } from '../../kernel/exchange.ts'
import {
  aes128gcmBody,
  goodClaims,
  jsonBody,
  ORIGIN,
  OTHER_SERVER_KEY,
  push,
  SERVER_KEY,
  signJwt,
  vapid,
  type Harness,
  setupFor,
  vapidAuth,
} from './test-support.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

function expectReason(outcome: Outcome, status: number, reason: string): void {
  expect(outcome.response.status).toBe(status)
  expect(Object.keys(outcome.response.headers).sort()).toEqual(['apns-id', 'content-type'])
  expect(outcome.response.headers['content-type']).toBe('application/json')
  expect(outcome.response.headers['apns-id']).toMatch(UUID)
  expect(jsonBody(outcome)).toEqual({ reason })
  expect(outcome.note?.reason).toBe(reason)
}

describe('safari (Apple web push)', () => {
  const setup = setupFor('safari')
  const auth = vapidAuth

  it('answers 201 with apns-id and a Location derived from it', () => {
    const [h, sub] = setup()
    const outcome = push(h, sub)
    expect(outcome.response.status).toBe(201)
    expect(outcome.response.body).toBeUndefined()
    const apnsId = outcome.response.headers['apns-id']
    expect(apnsId).toMatch(UUID)
    expect(outcome.response.headers).toEqual({ 'apns-id': apnsId, location: `${ORIGIN}/m/${apnsId}` })
    expect(outcome.note).toEqual({ target: sub.id, flavour: 'safari', decrypt: { encoding: 'aes128gcm', subscriptionId: sub.id } })
  })

  it('answers paths and methods with BadPath and MethodNotAllowed', () => {
    const [h, sub] = setup()
    expectReason(push(h, sub, { path: '/safari/unknown' }), 404, 'BadPath')
    expectReason(push(h, sub, { path: '/safari/' }), 404, 'BadPath')
    expectReason(push(h, sub, { method: 'GET' }), 405, 'MethodNotAllowed')
  })

  it('answers an unsubscribed or expired subscription with 410 Unregistered', () => {
    const [h, sub] = setup()
    h.core.unsubscribe(sub.id)
    expectReason(push(h, sub), 410, 'Unregistered')
    h.core.unsubscribe(sub.id, 'expired')
    expectReason(push(h, sub), 410, 'Unregistered')
  })

  it.each([
    ['no TTL', {}, ['ttl'], 'BadTtl'],
    ['a negative TTL', { ttl: '-3' }, [], 'BadTtl'],
    ['an unknown Urgency', { urgency: 'HIGH' }, [], 'BadUrgency'],
    ['a repeated Urgency', { urgency: ['high', 'high'] }, [], 'BadUrgency'],
    ['a long Topic', { topic: 'x'.repeat(33) }, [], 'BadWebPushTopic'],
    ['a body without Content-Encoding', {}, ['content-encoding'], 'BadWebPushRequest'],
    ['an unknown Content-Encoding', { 'content-encoding': 'br' }, [], 'BadWebPushRequest'],
  ])('refuses %s with 400', (_label, headers, drop, reason) => {
    const [h, sub] = setup()
    expectReason(push(h, sub, { headers }, drop), 400, reason)
  })

  it('refuses a malformed aes128gcm body with BadWebPushRequest', () => {
    const [h, sub] = setup()
    expectReason(push(h, sub, { body: aes128gcmBody(8) }), 400, 'BadWebPushRequest')
  })

  it('takes 4096 bytes and refuses 4097 with PayloadTooLarge', () => {
    const [h, sub] = setup()
    expect(push(h, sub, { body: aes128gcmBody(4096 - 86) }).response.status).toBe(201)
    expectReason(push(h, sub, { body: aes128gcmBody(4097 - 86, 8192) }), 413, 'PayloadTooLarge')
  })

  it.each([
    ['no Authorization (JWT missing)', () => ({}), ['authorization'], 'BadJwtToken'],
    ['an unknown scheme', () => ({ authorization: 'Basic abc' }), [], 'BadAuthorizationHeader'],
    ['a GCM server key', () => ({ authorization: 'key=AIzaSyD' }), [], 'BadAuthorizationHeader'],
    ['vapid without t', () => ({ authorization: `vapid k=${SERVER_KEY.publicKey}` }), [], 'BadAuthorizationHeader'],
    ['vapid without k', (h: Harness) => ({ authorization: `vapid t=${signJwt(goodClaims(h))}` }), [], 'BadVapidPublicKey'],
    ['a key that is not base64url', (h: Harness) => ({ authorization: vapid(signJwt(goodClaims(h)), '%%%') }), [], 'BadVapidPublicKey'],
    ['WebPush without Crypto-Key', (h: Harness) => ({ authorization: `WebPush ${signJwt(goodClaims(h))}` }), [], 'BadVapidPublicKey'],
    ['another server key', (h: Harness) => auth(h, {}, OTHER_SERVER_KEY), [], 'VapidPkHashMismatch'],
    ['a bad signature', (h: Harness) => ({ authorization: vapid(signJwt(goodClaims(h), OTHER_SERVER_KEY)) }), [], 'BadJwtToken'],
    ['an expired token', (h: Harness) => auth(h, { exp: h.nowSeconds() - 60 }), [], 'BadJwtToken'],
    ['exp more than a day ahead', (h: Harness) => auth(h, { exp: h.nowSeconds() + 90_000 }), [], 'BadJwtToken'],
    ['another audience', (h: Harness) => auth(h, { aud: 'https://web.push.apple.com' }), [], 'BadJwtToken'],
    ['no sub', (h: Harness) => auth(h, { sub: undefined }), [], 'BadJwtToken'],
    ['a sub that is not a URL or mailto:', (h: Harness) => auth(h, { sub: 'ops' }), [], 'BadJwtToken'],
    ['a mailto: sub at localhost', (h: Harness) => auth(h, { sub: 'mailto:ops@localhost' }), [], 'BadJwtToken'],
    ['an https sub at localhost', (h: Harness) => auth(h, { sub: 'https://localhost/contact' }), [], 'BadJwtToken'],
  ])('refuses %s with 403', (_label, headers, drop, reason) => {
    const [h, sub] = setup()
    expectReason(push(h, sub, { headers: headers(h) }, drop), 403, reason)
  })

  it('accepts an https: sub', () => {
    const [h, sub] = setup()
    expect(push(h, sub, { headers: auth(h, { sub: 'https://example.com/contact' }) }).response.status).toBe(201)
  })
})
