import { describe, expect, it } from 'vitest'
import type { Outcome } from '../../kernel/exchange.ts'
import { buildRequest } from '../../kernel/request.ts'
import {
  aes128gcmBody,
  AUTHORITY,
  goodClaims,
  harness,
  ORIGIN,
  OTHER_SERVER_KEY,
  push,
  SERVER_KEY,
  signJwt,
  subscribe,
  vapid,
  type Harness,
  setupFor,
  vapidAuth,
} from './test-support.ts'

const TEXT = { 'content-type': 'text/plain; charset=utf-8' }

function expectText(outcome: Outcome, status: number, body: string, reason: string): void {
  expect(outcome.response).toEqual({ status, headers: TEXT, body })
  expect(outcome.note?.reason).toBe(reason)
}

const NOT_FOUND =
  'A valid push subscription endpoint should be specified in the URL as such: https://fcm.googleapis.com/wp/dHIoDxE7Hdg:APA91bH1Zj0kNa...'
const BAD_FORMAT =
  'authorization header had invalid format. authorization header should have the following format: t=jwtToken; k=base64(publicApplicationServerKey)'
const INVALID_JWT = 'permission denied: invalid JWT provided\n'

describe('chrome (FCM web push)', () => {
  const setup = setupFor('chrome')
  const auth = vapidAuth

  it('answers 201 with Location /0:<µs>%<hex> and no body', () => {
    const [h, sub] = setup()
    const outcome = push(h, sub)
    expect(outcome.response.status).toBe(201)
    expect(outcome.response.body).toBeUndefined()
    expect(Object.keys(outcome.response.headers)).toEqual(['location'])
    const micros = String(h.clock.now() * 1000).slice(0, -3)
    expect(outcome.response.headers['location']).toMatch(new RegExp(`^${ORIGIN}/0:${micros}\\d{3}%[0-9a-f]{16}$`))
    expect(outcome.note).toEqual({ target: sub.id, flavour: 'chrome', decrypt: { encoding: 'aes128gcm', subscriptionId: sub.id } })
  })

  it('serves the same subscription on /fcm/send/<id>', () => {
    const [h, sub] = setup()
    expect(push(h, sub, { path: `/fcm/send/${sub.id}` }).response.status).toBe(201)
  })

  it('does not require sub (only Mozilla and Apple do)', () => {
    const [h, sub] = setup()
    expect(push(h, sub, { headers: auth(h, { sub: undefined }) }).response.status).toBe(201)
  })

  it('answers an unknown id, a bad path and other methods with the observed 404 text', () => {
    const [h, sub] = setup()
    expectText(push(h, sub, { path: '/wp/unknown' }), 404, NOT_FOUND, 'not-found:unknown-id')
    expectText(push(h, sub, { path: `/wp/${sub.id}/x` }), 404, NOT_FOUND, 'not-found:bad-path')
    expectText(push(h, sub, { method: 'PUT' }), 404, NOT_FOUND, 'method')
  })

  it('answers an unsubscribed or expired subscription with the observed 410 text', () => {
    const [h, sub] = setup()
    h.core.unsubscribe(sub.id)
    expectText(push(h, sub), 410, 'push subscription has unsubscribed or expired.\n', 'gone:unsubscribed')
    h.core.unsubscribe(sub.id, 'expired')
    expectText(push(h, sub), 410, 'push subscription has unsubscribed or expired.\n', 'gone:expired')
  })

  it.each([
    ['no Authorization', () => ({}), ['authorization'], 401, 'authorization header must be specified.\n', 'auth:missing'],
    [
      'a GCM server key',
      () => ({ authorization: 'key=AIzaSyD' }),
      [],
      403,
      'the key in the authorization header does not correspond to the sender ID used to subscribe this user. Please ensure you are using the correct sender ID and server Key from the Firebase console.\n',
      'auth:gcm-key',
    ],
    [
      'another server key',
      (h: Harness) => auth(h, {}, OTHER_SERVER_KEY),
      [],
      403,
      'the VAPID credentials in the authorization header do not correspond to the credentials used to create the subscriptions.',
      'auth:key-mismatch',
    ],
    [
      'exp more than 24 h ahead',
      (h: Harness) => auth(h, { exp: h.nowSeconds() + 86_401 }),
      [],
      403,
      'exp claim MUST NOT be more than 24 hours from the time of the request',
      'auth:exp-too-long',
    ],
    ['an unknown scheme', () => ({ authorization: 'Basic abc' }), [], 403, BAD_FORMAT, 'auth:unknown-scheme'],
    ['the Bearer scheme', (h: Harness) => ({ authorization: `Bearer ${signJwt(goodClaims(h))}` }), [], 403, BAD_FORMAT, 'auth:unknown-scheme'],
    ['vapid without k', (h: Harness) => ({ authorization: `vapid t=${signJwt(goodClaims(h))}` }), [], 403, BAD_FORMAT, 'auth:missing-key'],
    ['vapid without t', () => ({ authorization: `vapid k=${SERVER_KEY.publicKey}` }), [], 403, BAD_FORMAT, 'auth:missing-token'],
    ['a key that is not base64url', (h: Harness) => ({ authorization: vapid(signJwt(goodClaims(h)), '***') }), [], 403, BAD_FORMAT, 'auth:invalid-key'],
    ['WebPush without Crypto-Key', (h: Harness) => ({ authorization: `WebPush ${signJwt(goodClaims(h))}` }), [], 403, BAD_FORMAT, 'auth:crypto-key'],
    ['a bad signature', (h: Harness) => ({ authorization: vapid(signJwt(goodClaims(h), OTHER_SERVER_KEY)) }), [], 403, INVALID_JWT, 'auth:bad-signature'],
    ['a malformed token', () => ({ authorization: vapid('a.b') }), [], 403, INVALID_JWT, 'auth:malformed-token'],
    ['an expired token', (h: Harness) => auth(h, { exp: h.nowSeconds() }), [], 403, INVALID_JWT, 'auth:expired'],
    ['another audience', (h: Harness) => auth(h, { aud: 'https://fcm.googleapis.com' }), [], 403, INVALID_JWT, 'auth:bad-audience'],
    ['a token without exp', (h: Harness) => auth(h, { exp: undefined }), [], 403, INVALID_JWT, 'auth:bad-claims'],
  ])('refuses %s', (_label, headers, drop, status, body, reason) => {
    const [h, sub] = setup()
    expectText(push(h, sub, { headers: headers(h) }, drop), status, body, reason)
  })

  it.each([
    ['no TTL', {}, ['ttl'], 'a valid TTL header must be specified.\n', 'ttl:missing'],
    ['a negative TTL', { ttl: '-1' }, [], 'a valid TTL header must be specified.\n', 'ttl:negative'],
    ['a bad Urgency', { urgency: 'asap' }, [], 'urgency header must be one of very-low, low, normal or high.\n', 'urgency'],
    ['a repeated Urgency', { urgency: ['low', 'low'] }, [], 'urgency header must be one of very-low, low, normal or high.\n', 'urgency'],
    ['a bad Topic', { topic: 'no spaces' }, [], 'topic header must be at most 32 characters from the URL-safe base64 alphabet.\n', 'topic:alphabet'],
    [
      'a body without Content-Encoding',
      {},
      ['content-encoding'],
      'content-encoding must be aes128gcm, or aesgcm with Encryption and Crypto-Key headers.\n',
      'encoding:missing',
    ],
  ])('refuses %s with 400', (_label, headers, drop, body, reason) => {
    const [h, sub] = setup()
    expectText(push(h, sub, { headers }, drop), 400, body, reason)
  })

  it('refuses a malformed aes128gcm body with 400', () => {
    const [h, sub] = setup()
    expectText(push(h, sub, { body: Buffer.alloc(60, 1) }), 400, 'encrypted payload is malformed.\n', 'encoding:body')
  })

  it('takes 4096 bytes and refuses 4097 with 413', () => {
    const [h, sub] = setup()
    expect(push(h, sub, { body: aes128gcmBody(4096 - 86) }).response.status).toBe(201)
    expectText(push(h, sub, { body: aes128gcmBody(4097 - 86, 8192) }), 413, 'payload too large: the maximum is 4096 bytes.\n', 'too-large')
  })

  it('reports a dead subscription only for an otherwise acceptable push', () => {
    const [h, sub] = setup()
    h.core.unsubscribe(sub.id)
    expect(push(h, sub, {}, ['authorization']).response.status).toBe(401)
    expect(push(h, sub, {}, ['ttl']).response.status).toBe(400)
  })

  it('answers paths of no flavour with a bare 404', () => {
    const h = harness()
    const outcome = h.core.handle(buildRequest({ path: '/elsewhere', authority: AUTHORITY })) as Outcome
    expect(outcome.response).toEqual({ status: 404, headers: {} })
    expect(outcome.note).toEqual({ reason: 'not-found:bad-path' })
  })
})
