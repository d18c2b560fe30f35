/**
 * The dispatcher's FCM and Web Push senders against the real simulators:
 * the OAuth flow and its token cache, the HTTP v1 message, the four
 * browsers' encrypted pushes (the ledger decrypts the plaintext), and the
 * undici timeouts mapped to the contract's kinds.
 */
import { generateKeyPairSync } from 'node:crypto'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_CHANNEL_POLICY, type Channel, type ChannelPolicy } from '../dispatcher/model/channel.ts'
import type { Content } from '../dispatcher/model/entities.ts'
import type { SendersConfig } from '../dispatcher/senders/config.ts'
import { createFcmSender } from '../dispatcher/senders/fcm.ts'
import type { PushRequest } from '../dispatcher/senders/sender.ts'
import { createWebPushSender } from '../dispatcher/senders/webpush.ts'
import type { Browser } from '../simulators/providers/webpush/index.ts'
import { startTestSimulators } from './support/simulators.ts'

let sims: Awaited<ReturnType<typeof startTestSimulators>>
beforeAll(async () => {
  sims = await startTestSimulators({ timeScale: 0.01 })
})
afterAll(() => sims?.stop())
afterEach(() => sims.faults.clear())

const add = (fault: unknown): void => {
  const added = sims.faults.add(fault)
  if (!added.ok) throw new Error(added.error.message)
}

function policy(overrides: Partial<ChannelPolicy> = {}): Record<Channel, ChannelPolicy> {
  const table = {} as Record<Channel, ChannelPolicy>
  for (const channel of Object.keys(DEFAULT_CHANNEL_POLICY) as Channel[]) table[channel] = { connectTimeoutMs: 5_000, readTimeoutMs: 5_000, retryLimit: 3, ...overrides }
  return table
}

function config(overrides: Partial<SendersConfig> = {}) {
  const { fcm, vapid } = sims.credentials
  return {
    fcm: { url: sims.endpoints.fcmTls, serviceAccount: fcm.serviceAccount },
    webpush: { vapid: { subject: vapid.subject, publicKey: vapid.publicKey, privateKey: vapid.privateKey } },
    ca: sims.tls.ca,
    policy: policy(),
    ...overrides,
  }
}

const CONTENT: Content = { title: 'Order shipped', body: 'Grüße ✓', deepLink: 'https://shop.example/orders/7', image: 'https://cdn.example/box.png', data: { order: '7' } }
const FCM_TOKEN = 'bk3RNwTe3H0:CI2k_HHwgIpoDKCIZvvDMExUdFQ3P1'

function fcmRequest(token = FCM_TOKEN): PushRequest {
  return { deliveryId: 'd1', channel: 'fcm', address: { kind: 'token', token }, content: CONTENT, providerId: 'p1', ttlSeconds: 3600, tracking: { id: 'd1', token: 'track-d1' } }
}

const tokenRequests = () => sims.ledger.count({ provider: 'fcm', pathPrefix: '/token' })

describe('FCM sender', () => {
  it('sends the HTTP v1 message over HTTP/2 with a bearer access token', async () => {
    const sender = createFcmSender(config())
    const result = await sender.send(fcmRequest())
    await sender.close()
    expect(result).toMatchObject({ kind: 'response', status: 200 })
    expect(JSON.parse((result as { body: string }).body).name).toMatch(/^projects\/pushsim-demo\/messages\/0:/)
    const entry = sims.ledger.query({ provider: 'fcm', pathPrefix: '/v1/', limit: 10_000 }).entries.at(-1)!
    expect(entry.transport).toBe('h2')
    expect(entry.request.path).toBe('/v1/projects/pushsim-demo/messages:send')
    expect(entry.request.headers.authorization).toBe('Bearer [redacted]')
    expect(JSON.parse(entry.request.body)).toEqual({
      message: {
        token: FCM_TOKEN,
        notification: { title: 'Order shipped', body: 'Grüße ✓', image: 'https://cdn.example/box.png' },
        data: { order: '7', url: 'https://shop.example/orders/7', 'pushsim.id': 'd1', 'pushsim.token': 'track-d1' },
        android: { ttl: '3600s', priority: 'high' },
      },
    })
  })

  it('asks the token endpoint once for many sends, and again after refreshCredential()', async () => {
    const sender = createFcmSender(config())
    const before = tokenRequests()
    const results = await Promise.all(Array.from({ length: 8 }, () => sender.send(fcmRequest())))
    expect(results.every((result) => result.kind === 'response' && result.status === 200)).toBe(true)
    expect(tokenRequests() - before).toBe(1)
    sender.refreshCredential()
    expect(await sender.send(fcmRequest())).toMatchObject({ status: 200 })
    expect(await sender.send(fcmRequest())).toMatchObject({ status: 200 })
    await sender.close()
    expect(tokenRequests() - before).toBe(2)
    expect(sender.stats().accessTokensFetched).toBe(2)
  })

  it('returns 401 for an access token the provider expired; refreshCredential() recovers', async () => {
    const sender = createFcmSender(config())
    expect(await sender.send(fcmRequest())).toMatchObject({ status: 200 })
    sims.fcm.expireAccessTokens()
    expect(await sender.send(fcmRequest())).toMatchObject({ kind: 'response', status: 401 })
    sender.refreshCredential()
    expect(await sender.send(fcmRequest())).toMatchObject({ kind: 'response', status: 200 })
    await sender.close()
  })

  it("returns the token endpoint's refusal, marked as such, when the service account key is wrong", async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } })
    const serviceAccount = { ...sims.credentials.fcm.serviceAccount, private_key: privateKey }
    const sender = createFcmSender({ ...config(), fcm: { url: sims.endpoints.fcmTls, serviceAccount } })
    const result = await sender.send(fcmRequest())
    await sender.close()
    expect(result).toMatchObject({ kind: 'response', status: 400, headers: { 'x-dispatcher-source': 'oauth2-token-endpoint' } })
    expect(JSON.parse((result as { body: string }).body)).toEqual({ error: 'invalid_grant', error_description: 'Invalid JWT Signature.' })
  })

  it('answers read-timeout when FCM never answers within the read timeout', async () => {
    add({ type: 'hang', match: { target: 'hung_token' }, attributes: {} })
    const sender = createFcmSender({ ...config(), policy: policy({ readTimeoutMs: 200 }) })
    expect(await sender.send(fcmRequest('hung_token'))).toMatchObject({ kind: 'transport-error', error: 'read-timeout' })
    await sender.close()
  })

  it('answers connect-timeout when the TLS handshake does not finish within the connect timeout', async () => {
    add({ type: 'slow-connect', match: { provider: 'fcm' }, attributes: { distribution: { kind: 'fixed', ms: 100_000 } } })
    // The token endpoint on the same TLS listener: the first connection is the one held.
    const serviceAccount = { ...sims.credentials.fcm.serviceAccount, token_uri: `${sims.endpoints.fcmTls}/token` }
    const sender = createFcmSender({ ...config(), fcm: { url: sims.endpoints.fcmTls, serviceAccount }, policy: policy({ connectTimeoutMs: 100 }) })
    expect(await sender.send(fcmRequest())).toMatchObject({ kind: 'transport-error', error: 'connect-timeout' })
    await sender.close()
  })
})

const WEB_CONTENT: Content = { ...CONTENT, icon: 'https://cdn.example/i.png', actions: [{ id: 'track', title: 'Track' }] }
const WEB_PAYLOAD =
  '{"title":"Order shipped","body":"Grüße ✓","icon":"https://cdn.example/i.png","image":"https://cdn.example/box.png","url":"https://shop.example/orders/7","actions":[{"id":"track","title":"Track"}],"data":{"order":"7"},"pushsim":{"id":"w1","token":"track-w1"}}'

function subscribe(browser: Browser) {
  const result = sims.webpush.subscribe({ browser, origin: sims.endpoints.webpushTls, applicationServerKey: sims.credentials.vapid.publicKey })
  if (!result.ok) throw new Error(result.error.message)
  return result.value
}

function webRequest(browser: Browser, subscription = subscribe(browser).subscription, extra: Partial<PushRequest> = {}): PushRequest {
  const address = { kind: 'subscription' as const, endpoint: subscription.endpoint, p256dh: subscription.keys.p256dh, auth: subscription.keys.auth }
  return { deliveryId: 'w1', channel: `webpush-${browser}`, address, content: WEB_CONTENT, providerId: 'p1', ttlSeconds: 600, tracking: { id: 'w1', token: 'track-w1' }, ...extra }
}

describe('Web Push sender', () => {
  it.each(['chrome', 'firefox', 'kaios', 'safari'] as const)('delivers to %s: 201, and the ledger decrypts exactly the payload sent', async (browser) => {
    const info = subscribe(browser)
    const sender = createWebPushSender(config())
    const result = await sender.send(webRequest(browser, info.subscription, { urgency: 'high', topic: 'order-7' }))
    await sender.close()
    expect(result).toMatchObject({ kind: 'response', status: 201 })
    const entry = sims.ledger.query({ provider: 'webpush', target: info.id }).entries.at(-1)!
    expect(entry.plaintext).toBe(WEB_PAYLOAD)
    expect(entry.request.headers).toMatchObject({ ttl: '600', urgency: 'high', topic: 'order-7', 'content-encoding': 'aes128gcm' })
    expect(entry.request.headers.authorization).toBe(`vapid [redacted], k=${sims.credentials.vapid.publicKey}`)
  })

  it('returns the 410 of an unsubscribed browser as answered', async () => {
    const info = subscribe('firefox')
    sims.webpush.unsubscribe(info.id)
    const sender = createWebPushSender(config())
    expect(await sender.send(webRequest('firefox', info.subscription))).toMatchObject({ kind: 'response', status: 410 })
    await sender.close()
  })

  it("answers read-timeout after the channel's own read timeout", async () => {
    const info = subscribe('safari')
    add({ type: 'hang', match: { target: info.id }, attributes: {} })
    const sender = createWebPushSender({ ...config(), policy: { ...policy(), 'webpush-safari': { connectTimeoutMs: 5_000, readTimeoutMs: 200, retryLimit: 3 } } })
    expect(await sender.send(webRequest('safari', info.subscription))).toMatchObject({ kind: 'transport-error', error: 'read-timeout' })
    await sender.close()
  })

  it('answers a subscription with unusable keys without sending anything', async () => {
    const sender = createWebPushSender(config())
    const before = sims.ledger.count({ provider: 'webpush' })
    const request = webRequest('chrome')
    const result = await sender.send({ ...request, address: { ...request.address, p256dh: 'too-short' } as PushRequest['address'] })
    await sender.close()
    expect(result).toMatchObject({ kind: 'transport-error', error: 'connection', message: expect.stringMatching(/^not sent: /) })
    expect(sims.ledger.count({ provider: 'webpush' })).toBe(before)
  })
})
