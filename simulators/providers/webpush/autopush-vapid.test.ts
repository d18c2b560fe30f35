import { describe, expect, it } from 'vitest'
import type { Outcome } from '../../kernel/exchange.ts'
import { buildRequest } from '../../kernel/request.ts'
import { CLAIMS_MESSAGE } from './autopush-answers.ts'
import {
  aes128gcmBody,
  AUTHORITY,
  expectAutopush,
  goodClaims,
  OTHER_SERVER_KEY,
  push,
  SERVER_KEY,
  signJwt,
  vapid,
  type Harness,
  setupFor,
  vapidAuth,
} from './test-support.ts'

const INVALID_KEY = 'Invalid VAPID public key: '

describe.each(['firefox', 'kaios'] as const)('%s (autopush): VAPID, body size, dead subscriptions', (browser) => {
  const setup = setupFor(browser)
  const auth = vapidAuth

  describe('VAPID', () => {
    it.each([
      ['no Authorization on a v2 subscription', () => ({}), ['authorization'], 'Missing VAPID public key'],
      ['an unknown scheme', () => ({ authorization: 'Basic dXNlcjpwYXNz' }), [], 'Unknown auth scheme'],
      ['a scheme without credentials', () => ({ authorization: 'vapid' }), [], 'Missing VAPID token'],
      ['a GCM server key', () => ({ authorization: 'key=AIzaSyD' }), [], 'Missing VAPID token'],
      ['vapid without k', (h: Harness) => ({ authorization: `vapid t=${signJwt(goodClaims(h))}` }), [], 'Missing VAPID public key'],
      ['vapid without t', () => ({ authorization: `vapid k=${SERVER_KEY.publicKey}` }), [], 'Missing VAPID token'],
      ['a non-base64url key', (h: Harness) => ({ authorization: vapid(signJwt(goodClaims(h)), 'not*b64') }), [], `${INVALID_KEY}Invalid base64url encoding`],
      ['a key that is not a point', (h: Harness) => ({ authorization: vapid(signJwt(goodClaims(h)), 'AAAA') }), [], `${INVALID_KEY}Not an uncompressed P-256 point`],
      ['another server key', (h: Harness) => auth(h, {}, OTHER_SERVER_KEY), [], 'VAPID public key mismatch'],
      ['a token signed by another key', (h: Harness) => ({ authorization: vapid(signJwt(goodClaims(h), OTHER_SERVER_KEY)) }), [], 'InvalidSignature'],
      ['a token that is not a JWT', () => ({ authorization: vapid('not-a-jwt') }), [], 'InvalidToken'],
      ['a token with another alg', (h: Harness) => ({ authorization: vapid(signJwt(goodClaims(h), SERVER_KEY, { alg: 'HS256' })) }), [], 'InvalidAlgorithm'],
      ['a token without exp', (h: Harness) => auth(h, { exp: undefined }), [], CLAIMS_MESSAGE],
      ['a token with a string exp', (h: Harness) => auth(h, { exp: String(h.nowSeconds() + 60) }), [], CLAIMS_MESSAGE],
      ['a token without sub', (h: Harness) => auth(h, { sub: undefined }), [], CLAIMS_MESSAGE],
      ['a token without aud', (h: Harness) => auth(h, { aud: undefined }), [], CLAIMS_MESSAGE],
      ['an expired token', (h: Harness) => auth(h, { exp: h.nowSeconds() - 1 }), [], 'ExpiredSignature'],
      ['exp more than 24 h ahead', (h: Harness) => auth(h, { exp: h.nowSeconds() + 86_401 }), [], 'The VAPID token expiration is too long'],
      ['another audience', (h: Harness) => auth(h, { aud: 'https://updates.push.services.mozilla.com' }), [], 'Invalid VAPID audience'],
      ['an empty sub', (h: Harness) => auth(h, { sub: '' }), [], 'Empty sub string'],
      ['a sub that is not mailto: or https:', (h: Harness) => auth(h, { sub: 'ops@example.com' }), [], 'Improperly formatted sub string'],
    ])('refuses %s with 401 errno 109', (_label, headers, drop, message) => {
      const [h, sub] = setup()
      expectAutopush(push(h, sub, { headers: headers(h) }, drop), 401, 109, message)
    })

    it.each([
      ['no Crypto-Key', {}, 'Missing Crypto-Key header'],
      ['an unparsable Crypto-Key', { 'crypto-key': 'p256ecdsa' }, 'Invalid Crypto-Key header'],
      ['a Crypto-Key without p256ecdsa', { 'crypto-key': 'dh=AAAA' }, 'Missing p256ecdsa in Crypto-Key header'],
    ])('refuses the WebPush scheme with %s as errno 110', (_label, extra, message) => {
      const [h, sub] = setup()
      const headers = { authorization: `WebPush ${signJwt(goodClaims(h))}`, ...extra }
      expectAutopush(push(h, sub, { headers }), 400, 110, message)
    })

    it('accepts an anonymous push to a v1 subscription but still judges VAPID when sent', () => {
      const [h, sub] = setup(false)
      expect(push(h, sub, {}, ['authorization']).response.status).toBe(201)
      expect(push(h, sub, { headers: auth(h, {}, OTHER_SERVER_KEY) }).response.status).toBe(201)
      expectAutopush(push(h, sub, { headers: auth(h, { exp: h.nowSeconds() - 10 }) }), 401, 109, 'ExpiredSignature')
    })

    it('re-checks exp against the clock for a cached token', () => {
      const [h, sub] = setup()
      const headers = auth(h)
      expect(push(h, sub, { headers }).response.status).toBe(201)
      h.clock.advance(13 * 3600 * 1000)
      expectAutopush(push(h, sub, { headers }), 401, 109, 'ExpiredSignature')
    })

    it('compares aud with the scheme of the request', () => {
      const [h, sub] = setup()
      expectAutopush(push(h, sub, { scheme: 'http' }), 401, 109, 'Invalid VAPID audience')
    })
  })

  describe('body size', () => {
    it('takes 5630 bytes and refuses 5631 with 413 errno 104', () => {
      const [h, sub] = setup()
      expect(push(h, sub, { body: aes128gcmBody(5630 - 86, 8192) }).response.status).toBe(201)
      expectAutopush(push(h, sub, { body: aes128gcmBody(5631 - 86, 8192) }), 413, 104, 'A payload reached size limit.')
    })

    it('refuses a body the adapter cut short', () => {
      const [h, sub] = setup()
      const request = buildRequest({
        path: new URL(sub.subscription.endpoint).pathname,
        authority: AUTHORITY,
        headers: { ttl: '60', ...auth(h) },
        body: aes128gcmBody(),
      })
      const outcome = h.core.handle({ ...request, bodyOverflow: true, bodyLength: 1 << 20 }) as Outcome
      expectAutopush(outcome, 413, 104, 'A payload reached size limit.')
    })
  })

  describe('dead subscriptions', () => {
    it('answers an unsubscribed one with 410 errno 103 UAID not found', () => {
      const [h, sub] = setup()
      h.core.unsubscribe(sub.id)
      expectAutopush(push(h, sub), 410, 103, 'UAID not found')
    })

    it('answers an expired one with 410 errno 106 No such subscription', () => {
      const [h, sub] = setup()
      h.core.unsubscribe(sub.id, 'expired')
      expectAutopush(push(h, sub), 410, 106, 'No such subscription')
    })

    it('checks the key before the user lookup and the JWT after it (autoendpoint order)', () => {
      const [h, sub] = setup()
      h.core.unsubscribe(sub.id)
      expectAutopush(push(h, sub, { headers: auth(h, {}, OTHER_SERVER_KEY) }), 401, 109, 'VAPID public key mismatch')
      expectAutopush(push(h, sub, { headers: auth(h, { exp: h.nowSeconds() - 1 }) }), 410, 103, 'UAID not found')
    })

    it('answers a removed one as unknown', () => {
      const [h, sub] = setup()
      h.core.removeSubscription(sub.id)
      expectAutopush(push(h, sub), 404, 102, 'Invalid token')
    })
  })
})
