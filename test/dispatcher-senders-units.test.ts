/**
 * The senders' pure parts, without sockets: the credential cache (shared
 * mints, renewal, refresh bursts), the APNs provider token, the wire
 * mappings of content per provider, and transport errors by kind.
 */
import { generateKeyPairSync } from 'node:crypto'
import { decodeJwt, decodeProtectedHeader } from 'jose'
import { describe, expect, it } from 'vitest'
import { DEFAULT_CHANNEL_POLICY } from '../dispatcher/model/channel.ts'
import { apnsExpiration, apnsPayload } from '../dispatcher/senders/apns-request.ts'
import { createApnsTokenCache } from '../dispatcher/senders/apns-token.ts'
import { apnsTokenAgeMs } from '../dispatcher/senders/config.ts'
import { createCredentialCache, type MintResult } from '../dispatcher/senders/credential-cache.ts'
import { fcmMessage } from '../dispatcher/senders/fcm-message.ts'
import type { PushRequest } from '../dispatcher/senders/sender.ts'
import { createSenders } from '../dispatcher/senders/senders.ts'
import { transportErrorOf } from '../dispatcher/senders/transport-error.ts'
import { webPushPayload } from '../dispatcher/senders/webpush-payload.ts'

const MINUTE = 60_000

function fakeCache(options: { fail?: () => boolean; cooldownMs?: number } = {}) {
  let now = 1_000_000
  let calls = 0
  const cache = createCredentialCache<string, string>({
    now: () => now,
    refreshCooldownMs: options.cooldownMs ?? 5_000,
    onThrow: (error) => String(error),
    async mint(at): Promise<MintResult<string, string>> {
      calls++
      if (options.fail?.()) return { ok: false, failure: 'refused' }
      return { ok: true, value: `token-${calls}`, renewAt: at + 10 * MINUTE }
    },
  })
  return { cache, advance: (ms: number) => (now += ms), calls: () => calls }
}

const valueOf = async (cache: ReturnType<typeof fakeCache>['cache']) => {
  const result = await cache.get()
  return result.ok ? result.credential.value : `failed: ${result.failure}`
}

describe('credential cache', () => {
  it('shares one mint among concurrent callers and reuses it until renewAt', async () => {
    const { cache, advance, calls } = fakeCache()
    expect(await Promise.all([valueOf(cache), valueOf(cache), valueOf(cache)])).toEqual(['token-1', 'token-1', 'token-1'])
    advance(10 * MINUTE - 1)
    expect(await valueOf(cache)).toBe('token-1')
    advance(1)
    expect(await valueOf(cache)).toBe('token-2')
    expect(calls()).toBe(2)
  })

  it('does not cache a failed mint', async () => {
    let fail = true
    const { cache } = fakeCache({ fail: () => fail })
    expect(await valueOf(cache)).toBe('failed: refused')
    fail = false
    expect(await valueOf(cache)).toBe('token-2')
    expect(cache.mints).toBe(1)
  })

  it('turns a burst of refresh() calls into one new credential, and honours one after the cooldown', async () => {
    const { cache, advance } = fakeCache({ cooldownMs: 5_000 })
    expect(await valueOf(cache)).toBe('token-1')
    cache.refresh() // the first refresh of a credential is always honoured
    cache.refresh() // a refresh already under way
    expect(await valueOf(cache)).toBe('token-2')
    advance(4_999)
    cache.refresh() // an answer to a request that carried token-1
    expect(await valueOf(cache)).toBe('token-2')
    advance(1)
    cache.refresh()
    expect(await valueOf(cache)).toBe('token-3')
    expect(cache.current()?.byRefresh).toBe(true)
  })
})

describe('APNs provider token', () => {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256', privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } })
  const apns = { url: 'https://apns.invalid', keyId: 'ABC123DEFG', teamId: 'TEAM123456', key: privateKey, topic: 'com.example.app' }

  it('is an ES256 JWT with kid, iss and iat, re-minted at the configured age', async () => {
    let now = 1_700_000_000_900
    const cache = createApnsTokenCache({ ...apns, tokenMaxAgeMs: 30 * MINUTE }, () => now, 5_000)
    const first = await cache.get()
    if (!first.ok) throw new Error('no token')
    expect(decodeProtectedHeader(first.credential.value)).toEqual({ alg: 'ES256', kid: 'ABC123DEFG' })
    expect(decodeJwt(first.credential.value)).toEqual({ iss: 'TEAM123456', iat: 1_700_000_000 })
    now += 30 * MINUTE - 1
    expect((await cache.get()).ok && cache.mints).toBe(1)
    now += 1
    const second = await cache.get()
    expect(second.ok && decodeJwt(second.credential.value).iat).toBe(1_700_001_800)
  })

  it('a refresh within the second of the last mint is still a new token (a later iat), not the same claims signed again', async () => {
    const now = 1_700_000_000_100
    const cache = createApnsTokenCache(apns, () => now, 0)
    const first = await cache.get()
    if (!first.ok) throw new Error('no token')
    cache.refresh()
    const refreshed = await cache.get()
    if (!refreshed.ok) throw new Error('no refreshed token')
    expect(decodeJwt(refreshed.credential.value).iat).toBe(decodeJwt(first.credential.value).iat! + 1)
  })

  it('fails as a value, not a throw, with a key that is not PKCS#8', async () => {
    const cache = createApnsTokenCache({ ...apns, key: 'not a key' }, () => 0, 5_000)
    expect(await cache.get()).toMatchObject({ ok: false, failure: { kind: 'transport-error', error: 'connection', message: expect.stringMatching(/^not sent: APNs provider token/) } })
  })

  it('keeps the token age within 20–60 min (default 50)', () => {
    expect([5, 45, 90].map((minutes) => apnsTokenAgeMs({ ...apns, tokenMaxAgeMs: minutes * MINUTE }) / MINUTE)).toEqual([20, 45, 60])
    expect(apnsTokenAgeMs(apns) / MINUTE).toBe(50)
  })
})

const request = (content: PushRequest['content'], ttlSeconds = 60): PushRequest => ({
  deliveryId: 'd',
  channel: 'fcm',
  address: { kind: 'token', token: 't' },
  content,
  providerId: 'p',
  ttlSeconds,
  tracking: TRACKING,
})

const TRACKING = { id: 'd', token: 'track-d' }

describe('wire mappings', () => {
  it('APNs: expiration is now + TTL in seconds, 0 when no TTL is left', () => {
    expect(apnsExpiration(3600, 1_700_000_000_500)).toBe(1_700_003_600)
    expect(apnsExpiration(0, 1_700_000_000_500)).toBe(0)
  })

  it('APNs: no mutable-content without an image; a data key named aps cannot replace the alert, nor one named pushsim the tracking object', () => {
    expect(apnsPayload({ title: 'T', body: 'B', data: { aps: 'x', k: 'v', pushsim: 'forged' } }, TRACKING)).toBe('{"aps":{"alert":{"title":"T","body":"B"}},"k":"v","pushsim":{"id":"d","token":"track-d"}}')
  })

  it('FCM: TTL capped at 4 weeks, no image when the content has none, the tracking object as two data entries', () => {
    expect(fcmMessage(request({ title: 'T', body: 'B' }, 9_999_999), 'tok')).toEqual({
      message: { token: 'tok', notification: { title: 'T', body: 'B' }, data: { 'pushsim.id': 'd', 'pushsim.token': 'track-d' }, android: { ttl: '2419200s', priority: 'high' } },
    })
  })

  it('Web Push: only the fields the content has, and the tracking object', () => {
    expect(webPushPayload({ title: 'T', body: 'B', deepLink: 'https://x.example/' }, TRACKING)).toBe('{"title":"T","body":"B","url":"https://x.example/","pushsim":{"id":"d","token":"track-d"}}')
  })
})

describe('transport errors by kind', () => {
  const coded = (code: string, cause?: Error) => Object.assign(new Error(code, cause ? { cause } : {}), { code })
  it.each([
    ['UND_ERR_CONNECT_TIMEOUT', 'connect-timeout'],
    ['UND_ERR_HEADERS_TIMEOUT', 'read-timeout'],
    ['UND_ERR_BODY_TIMEOUT', 'read-timeout'],
    ['UND_ERR_SOCKET', 'reset'],
    ['ECONNREFUSED', 'connection'],
  ])('%s → %s', (code, kind) => {
    expect(transportErrorOf(coded(code))).toMatchObject({ kind: 'transport-error', error: kind })
  })

  it('looks through the cause undici wraps a system error in', () => {
    expect(transportErrorOf(new Error('fetch failed', { cause: coded('ECONNRESET') }))).toMatchObject({ error: 'reset', message: 'fetch failed (ECONNRESET: ECONNRESET)' })
  })
})

describe('createSenders', () => {
  it('routes the four web push channels to one sender and has none for unconfigured providers', async () => {
    const senders = createSenders({ webpush: { vapid: { subject: 'mailto:a@example.com', publicKey: 'k', privateKey: 'p' } }, policy: DEFAULT_CHANNEL_POLICY })
    const safari = senders.forChannel('webpush-safari')
    expect(safari?.channels).toEqual(['webpush-chrome', 'webpush-firefox', 'webpush-kaios', 'webpush-safari'])
    expect(senders.forChannel('webpush-chrome')).toBe(safari)
    expect([senders.forChannel('apns'), senders.forChannel('fcm')]).toEqual([undefined, undefined])
    await senders.close()
  })
})
