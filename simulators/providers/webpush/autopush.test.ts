import { describe, expect, it } from 'vitest'
import {
  aes128gcmBody,
  AUTHORITY,
  expectAutopush,
  goodClaims,
  ORIGIN,
  push,
  SERVER_KEY,
  signJwt,
  setupFor,
  vapidAuth,
} from './test-support.ts'

describe.each(['firefox', 'kaios'] as const)('%s (autopush)', (browser) => {
  const setup = setupFor(browser)
  const auth = vapidAuth

  describe('success', () => {
    it('answers 201 with Location /m/<message-id>, the TTL used and no body', () => {
      const [h, sub] = setup()
      const outcome = push(h, sub)
      expect(outcome.response.status).toBe(201)
      expect(outcome.response.body).toBeUndefined()
      expect(Object.keys(outcome.response.headers).sort()).toEqual(['location', 'ttl'])
      expect(outcome.response.headers['ttl']).toBe('60')
      expect(outcome.response.headers['location']).toMatch(new RegExp(`^${ORIGIN}/m/gAAAAA[A-Za-z0-9_-]{198}$`))
      expect(outcome.note).toEqual({ target: sub.id, flavour: browser, decrypt: { encoding: 'aes128gcm', subscriptionId: sub.id } })
    })

    it('caps TTL at 30 days and says so', () => {
      const [h, sub] = setup()
      expect(push(h, sub, { headers: { ttl: '99999999' } }).response.headers['ttl']).toBe('2592000')
    })

    it('takes an empty push without encoding headers and records no decrypt ref', () => {
      const [h, sub] = setup()
      const outcome = push(h, sub, { body: Buffer.alloc(0) }, ['content-encoding'])
      expect(outcome.response.status).toBe(201)
      expect(outcome.note?.decrypt).toBeUndefined()
    })

    it('accepts the unversioned /wpush/<id> path for a v1 subscription, and ignores the query', () => {
      const [h, sub] = setup(false)
      const prefix = browser === 'kaios' ? '/kaios/wpush' : '/wpush'
      expect(push(h, sub, { path: `${prefix}/${sub.id}` }, ['authorization']).response.status).toBe(201)
      expect(push(h, sub, { path: `${new URL(sub.subscription.endpoint).pathname}?x=1` }).response.status).toBe(201)
    })

    it('matches aud against the origin with the default port dropped, and a trailing slash', () => {
      const [h, sub] = setup()
      expect(push(h, sub, { authority: `${AUTHORITY}:443` }).response.status).toBe(201)
      expect(push(h, sub, { headers: auth(h, { aud: `${ORIGIN}/` }) }).response.status).toBe(201)
    })

    it('accepts the Bearer scheme with Crypto-Key p256ecdsa', () => {
      const [h, sub] = setup()
      const headers = { authorization: `Bearer ${signJwt(goodClaims(h))}`, 'crypto-key': `p256ecdsa=${SERVER_KEY.publicKey}` }
      expect(push(h, sub, { headers }).response.status).toBe(201)
    })

    it('accepts a 32-character topic', () => {
      const [h, sub] = setup()
      expect(push(h, sub, { headers: { topic: 'a-test-topic-which-is-just-right' } }).response.status).toBe(201)
    })
  })

  describe('paths and methods', () => {
    it('answers an unknown id with 404 errno 102 Invalid token', () => {
      const [h, sub] = setup()
      expectAutopush(push(h, sub, { path: `/${browser === 'kaios' ? 'kaios/' : ''}wpush/v2/unknown` }), 404, 102, 'Invalid token')
    })

    it('answers a path of the wrong shape with 404 Invalid token', () => {
      const [h, sub] = setup()
      expectAutopush(push(h, sub, { path: `${new URL(sub.subscription.endpoint).pathname}/extra` }), 404, 102, 'Invalid token')
    })

    it('answers an unknown API version with 404 Invalid API version', () => {
      const [h, sub] = setup()
      const path = new URL(sub.subscription.endpoint).pathname.replace('/v2/', '/v3/')
      expectAutopush(push(h, sub, { path }), 404, 102, 'Invalid API version')
    })

    it('does not find a v2 token under v1 (token lengths differ)', () => {
      const [h, sub] = setup()
      const path = new URL(sub.subscription.endpoint).pathname.replace('/v2/', '/v1/')
      expectAutopush(push(h, sub, { path }), 404, 102, 'Invalid token')
    })

    it('answers other methods with a bare 405', () => {
      const [h, sub] = setup()
      const outcome = push(h, sub, { method: 'GET' })
      expect(outcome.response).toEqual({ status: 405, headers: {} })
      expect(outcome.note).toEqual({ target: sub.id, flavour: browser, reason: 'method' })
    })
  })

  describe('headers', () => {
    it('needs a TTL', () => {
      const [h, sub] = setup()
      expectAutopush(push(h, sub, {}, ['ttl']), 400, 111, 'Missing TTL value')
      expectAutopush(push(h, sub, { headers: { ttl: 'soon' } }), 400, 111, 'Missing TTL value')
      expectAutopush(push(h, sub, { headers: { ttl: ['60', '60'] } }), 400, 111, 'Missing TTL value')
    })

    it('refuses a negative TTL with errno 114', () => {
      const [h, sub] = setup()
      expectAutopush(push(h, sub, { headers: { ttl: '-1' } }), 400, 114, 'TTL must be greater than 0')
    })

    it('refuses an unknown or repeated Urgency', () => {
      const [h, sub] = setup()
      const message = 'Urgency must be one of very-low, low, normal, high'
      expectAutopush(push(h, sub, { headers: { urgency: 'urgent' } }), 400, null, message)
      expectAutopush(push(h, sub, { headers: { urgency: ['low', 'high'] } }), 400, null, message)
    })

    it('refuses a long or non-base64url Topic with errno 113', () => {
      const [h, sub] = setup()
      expectAutopush(push(h, sub, { headers: { topic: 'test-topic-which-is-too-long-1234' } }), 400, 113, 'Topic must be no greater than 32 characters')
      expectAutopush(push(h, sub, { headers: { topic: 'bad topic!' } }), 400, 113, 'Topic must be URL and Filename safe Base64 alphabet')
    })

    it('reports a missing TTL before encryption, and a negative one after (autoendpoint order)', () => {
      const [h, sub] = setup()
      expectAutopush(push(h, sub, {}, ['ttl', 'content-encoding']), 400, 111, 'Missing TTL value')
      expectAutopush(push(h, sub, { headers: { ttl: '-5' } }, ['content-encoding']), 400, 110, 'Missing Content-Encoding header')
    })
  })

  describe('encryption', () => {
    const DH = `dh=${SERVER_KEY.publicKey}`
    const SALT = 'salt=AAAAAAAAAAAAAAAAAAAAAA'
    const aesgcm = (headers: Record<string, string>) => ({ 'content-encoding': 'aesgcm', ...headers })
    const withIdlen = (idlen: number) => {
      const body = aes128gcmBody()
      body[20] = idlen
      return body
    }
    it.each([
      ['no Content-Encoding', {}, ['content-encoding'], undefined, 'Missing Content-Encoding header'],
      ['an unknown Content-Encoding', { 'content-encoding': 'gzip' }, [], undefined, 'Unknown Content-Encoding header'],
      ['a salt with aes128gcm', { encryption: SALT }, [], undefined, "Do not include 'salt' header in aes128gcm Encryption header"],
      ['a dh with aes128gcm', { 'crypto-key': 'dh=AAAA' }, [], undefined, "Do not include 'dh' header in aes128gcm Crypto-Key header"],
      ['a short aes128gcm body', {}, [], Buffer.alloc(50, 1), 'aes128gcm content is shorter than its 86-byte header'],
      ['an idlen other than 65', {}, [], withIdlen(32), 'aes128gcm keyid must be a 65-byte P-256 point'],
      ['a record size below 18', {}, [], aes128gcmBody(32, 17), 'aes128gcm record size must be at least 18'],
      ['no room for a record', {}, [], aes128gcmBody(16), 'aes128gcm content holds no record'],
      ['two records', {}, [], aes128gcmBody(40, 18), 'aes128gcm web push content must be a single record'],
      ['aesgcm without Encryption', aesgcm({ 'crypto-key': DH }), [], undefined, 'Missing Encryption header'],
      ['aesgcm with a short salt', aesgcm({ encryption: 'salt=AAAA', 'crypto-key': DH }), [], undefined, 'Invalid salt value in Encryption header'],
      ['aesgcm without salt', aesgcm({ encryption: 'rs=4096', 'crypto-key': DH }), [], undefined, 'Missing salt value in Encryption header'],
      ['aesgcm with an unparsable Encryption', aesgcm({ encryption: 'salt', 'crypto-key': DH }), [], undefined, 'Invalid Encryption header'],
      [
        'aesgcm with Encryption-Key',
        aesgcm({ encryption: SALT, 'encryption-key': 'x=y', 'crypto-key': DH }),
        [],
        undefined,
        'Encryption-Key header is not valid for webpush draft 02 or later',
      ],
      ['aesgcm without Crypto-Key', aesgcm({ encryption: SALT }), [], undefined, 'Missing Crypto-Key header'],
      ['aesgcm without dh', aesgcm({ encryption: SALT, 'crypto-key': 'keyid=p256dh' }), [], undefined, 'Missing dh value in Crypto-Key header'],
    ])('refuses %s with errno 110', (_label, headers, drop, body, message) => {
      const [h, sub] = setup()
      expectAutopush(push(h, sub, { headers, ...(body ? { body } : {}) }, drop as string[]), 400, 110, message)
    })

    it('records salt and dh of an aesgcm push for later decryption', () => {
      const [h, sub] = setup()
      const headers = aesgcm({ encryption: 'salt="AAAAAAAAAAAAAAAAAAAAAA=="', 'crypto-key': `keyid=p256dh;${DH}` })
      expect(push(h, sub, { headers, body: Buffer.alloc(40) }).note?.decrypt).toEqual({
        encoding: 'aesgcm',
        subscriptionId: sub.id,
        salt: 'AAAAAAAAAAAAAAAAAAAAAA',
        dh: SERVER_KEY.publicKey,
      })
    })
  })

})
