/**
 * The dispatcher's provider senders against the real simulators on real
 * sockets: APNs over HTTP/2 (stream limits, GOAWAY, refused streams, token
 * refresh), FCM HTTP v1 with its OAuth flow, and Web Push to the four
 * browsers, whose decrypted plaintext the ledger shows.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_CHANNEL_POLICY, type Channel, type ChannelPolicy } from '../dispatcher/model/channel.ts'
import type { Content } from '../dispatcher/model/entities.ts'
import { createApnsSender } from '../dispatcher/senders/apns.ts'
import type { SendersConfig } from '../dispatcher/senders/config.ts'
import { createFcmSender } from '../dispatcher/senders/fcm.ts'
import type { PushRequest } from '../dispatcher/senders/sender.ts'
import { createSenders } from '../dispatcher/senders/senders.ts'
import { startTestSimulators } from './support/simulators.ts'

let sims: Awaited<ReturnType<typeof startTestSimulators>>
beforeAll(async () => {
  sims = await startTestSimulators({ timeScale: 0.01 })
})
afterAll(() => sims?.stop())
afterEach(() => sims.faults.clear())

const add = (fault: unknown): string => {
  const added = sims.faults.add(fault)
  if (!added.ok) throw new Error(added.error.message)
  return added.value[0]!.id!
}

/** Generous timeouts unless a test shortens one. */
function policy(overrides: Partial<ChannelPolicy> = {}): Record<Channel, ChannelPolicy> {
  const table = {} as Record<Channel, ChannelPolicy>
  for (const channel of Object.keys(DEFAULT_CHANNEL_POLICY) as Channel[]) table[channel] = { connectTimeoutMs: 5_000, readTimeoutMs: 5_000, retryLimit: 3, ...overrides }
  return table
}

function config(overrides: Partial<SendersConfig> = {}) {
  const { apns, fcm, vapid } = sims.credentials
  return {
    apns: { url: sims.endpoints.apns, keyId: apns.keyId, teamId: apns.teamId, key: apns.key, topic: apns.topic },
    fcm: { url: sims.endpoints.fcmTls, serviceAccount: fcm.serviceAccount },
    webpush: { vapid: { subject: vapid.subject, publicKey: vapid.publicKey, privateKey: vapid.privateKey } },
    ca: sims.tls.ca,
    policy: policy(),
    ...overrides,
  }
}

const CONTENT: Content = { title: 'Order shipped', body: 'Grüße ✓', deepLink: 'https://shop.example/orders/7', image: 'https://cdn.example/box.png', data: { order: '7' } }
const APNS_TOKEN = 'a1'.repeat(32)
const FCM_TOKEN = 'bk3RNwTe3H0:CI2k_HHwgIpoDKCIZvvDMExUdFQ3P1'
let ids = 0
const providerId = () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`

function apnsRequest(token = APNS_TOKEN, id = providerId()): PushRequest {
  return { deliveryId: `d-${id}`, channel: 'apns', address: { kind: 'token', token }, content: CONTENT, providerId: id, ttlSeconds: 3600, tracking: { id: `d-${id}`, token: `track-${id}` } }
}

const apnsEntries = (target: string) => sims.ledger.query({ provider: 'apns', target, limit: 10_000 }).entries

describe('APNs sender', () => {
  it('delivers an alert with the documented headers and payload', async () => {
    const nowMs = Math.floor(Date.now() / 1000) * 1000
    const sender = createApnsSender({ ...config(), clock: () => nowMs })
    const request = apnsRequest('c3'.repeat(32))
    const result = await sender.send(request)
    await sender.close()
    expect(result).toMatchObject({ kind: 'response', status: 200, headers: { 'apns-id': request.providerId } })
    const [entry] = apnsEntries('c3'.repeat(32))
    expect(entry!.request.headers).toMatchObject({
      authorization: expect.stringMatching(/^bearer \[redacted\], iat=\d+$/),
      'apns-id': request.providerId,
      'apns-topic': sims.credentials.apns.topic,
      'apns-push-type': 'alert',
      'apns-priority': '10',
      'apns-expiration': String(nowMs / 1000 + 3600),
    })
    expect(entry!.request.headers['apns-collapse-id']).toBeUndefined()
    expect(entry!.request.body).toBe(
      `{"aps":{"alert":{"title":"Order shipped","body":"Grüße ✓"},"mutable-content":1},"order":"7","url":"https://shop.example/orders/7","image":"https://cdn.example/box.png","pushsim":${JSON.stringify(request.tracking)}}`,
    )
  })

  it('sends the same providerId as apns-id on every attempt of a delivery', async () => {
    const sender = createApnsSender(config())
    const request = apnsRequest('d4'.repeat(32))
    add({ type: 'error', match: { target: 'd4'.repeat(32) }, schedule: { kind: 'first', attempts: 1 }, attributes: { code: 'InternalServerError' } })
    expect(await sender.send(request)).toMatchObject({ kind: 'response', status: 500 })
    expect(await sender.send(request)).toMatchObject({ kind: 'response', status: 200 })
    await sender.close()
    expect(apnsEntries('d4'.repeat(32)).map((entry) => [entry.response.status, entry.request.headers['apns-id']])).toEqual([
      [500, request.providerId],
      [200, request.providerId],
    ])
  })

  it('never opens more streams on a connection than its SETTINGS_MAX_CONCURRENT_STREAMS', async () => {
    add({ type: 'max-streams', match: { provider: 'apns' }, attributes: { value: 1 } })
    const sender = createApnsSender(config())
    const results = await Promise.all(Array.from({ length: 20 }, () => sender.send(apnsRequest())))
    await sender.close()
    expect(results.map((result) => (result.kind === 'response' ? result.status : result.error))).toEqual(Array(20).fill(200))
    // Two connections of one stream each: at most one open stream per connection, none refused.
    expect(sender.stats()).toMatchObject({ peakStreamsPerSession: 1, streamsResent: 0, sessionsOpened: 2 })
  })

  it('uses the larger limit once the server grants it (1000 after the first valid token)', async () => {
    const sender = createApnsSender({ ...config(), apns: { ...config().apns, connections: 1 } })
    expect(await sender.send(apnsRequest())).toMatchObject({ status: 200 })
    const results = await Promise.all(Array.from({ length: 20 }, () => sender.send(apnsRequest())))
    await sender.close()
    expect(results.every((result) => result.kind === 'response' && result.status === 200)).toBe(true)
    expect(sender.stats().sessionsOpened).toBe(1)
    expect(sender.stats().peakStreamsPerSession).toBeGreaterThan(1)
  })

  it('reconnects after GOAWAY: every send succeeds though every 3rd stream ends its connection', async () => {
    const fault = add({ type: 'goaway', match: { provider: 'apns' }, schedule: { kind: 'every', nth: 3 }, attributes: { code: 'NO_ERROR', reason: 'Shutdown' } })
    const sender = createApnsSender(config())
    const results = []
    for (let i = 0; i < 10; i++) results.push(await sender.send(apnsRequest()))
    await sender.close()
    expect(results.map((result) => (result.kind === 'response' ? result.status : result.error))).toEqual(Array(10).fill(200))
    // Streams 3, 6 and 9 brought GOAWAY: four connections in all.
    expect(sims.ledger.query({ fault, limit: 100 }).total).toBe(3)
    expect(sender.stats().sessionsOpened).toBe(4)
  })

  it('sends concurrent streams past a GOAWAY again on a new connection', async () => {
    const sender = createApnsSender({ ...config(), apns: { ...config().apns, connections: 1 } })
    expect(await sender.send(apnsRequest())).toMatchObject({ status: 200 })
    // The next stream on this connection answers and brings GOAWAY with its own id as the last one.
    add({ type: 'goaway', match: { provider: 'apns', connection: sims.ledger.query({ provider: 'apns', limit: 10_000 }).entries.at(-1)!.connectionId }, schedule: { kind: 'first', attempts: 1 }, attributes: { code: 'NO_ERROR', reason: 'Shutdown' } })
    const results = await Promise.all(Array.from({ length: 10 }, () => sender.send(apnsRequest())))
    await sender.close()
    expect(results.map((result) => (result.kind === 'response' ? result.status : result.error))).toEqual(Array(10).fill(200))
    expect(sender.stats()).toMatchObject({ sessionsOpened: 2, streamsResent: 9 })
  })

  it('re-sends a refused stream once, transparently, with the same apns-id', async () => {
    const token = 'e5'.repeat(32)
    add({ type: 'refuse-stream', match: { target: token }, schedule: { kind: 'first', attempts: 1 }, attributes: {} })
    const sender = createApnsSender(config())
    const request = apnsRequest(token)
    expect(await sender.send(request)).toMatchObject({ kind: 'response', status: 200 })
    await sender.close()
    expect(sender.stats().streamsResent).toBe(1)
    expect(apnsEntries(token).map((entry) => [entry.delivery, entry.wire.outcome, entry.request.headers['apns-id']])).toEqual([
      ['refuse', 'refused', request.providerId],
      ['respond', 'answered', request.providerId],
    ])
  })

  it('gives up with refused-stream when the re-sent stream is refused too', async () => {
    const token = 'f6'.repeat(32)
    add({ type: 'refuse-stream', match: { target: token }, attributes: {} })
    const sender = createApnsSender(config())
    expect(await sender.send(apnsRequest(token))).toMatchObject({ kind: 'transport-error', error: 'refused-stream' })
    await sender.close()
    expect(apnsEntries(token)).toHaveLength(2)
  })

  it('answers goaway, with APNs\' JSON reason, for a connection-level GOAWAY that comes again after the re-send', async () => {
    const token = 'a2'.repeat(32)
    add({ type: 'error', match: { target: token }, attributes: { code: 'goaway:BadCertificateEnvironment' } })
    const sender = createApnsSender(config())
    const result = await sender.send(apnsRequest(token))
    await sender.close()
    expect(result).toMatchObject({ kind: 'transport-error', error: 'goaway', message: expect.stringMatching(/\{"reason":"BadCertificateEnvironment"\}$/) })
    expect(sender.stats()).toMatchObject({ streamsResent: 1, sessionsOpened: 2 })
  })

  it('answers connection at once when nothing listens at the APNs URL', async () => {
    const sender = createApnsSender({ ...config(), apns: { ...config().apns, url: 'https://127.0.0.1:1' } })
    expect(await sender.send(apnsRequest())).toMatchObject({ kind: 'transport-error', error: 'connection', message: expect.stringContaining('ECONNREFUSED') })
    await sender.close()
  })

  it('answers read-timeout when the provider never answers within the read timeout', async () => {
    const token = 'a7'.repeat(32)
    add({ type: 'hang', match: { target: token }, attributes: {} })
    const sender = createApnsSender({ ...config(), policy: policy({ readTimeoutMs: 200 }) })
    expect(await sender.send(apnsRequest(token))).toMatchObject({ kind: 'transport-error', error: 'read-timeout' })
    // The hung stream was cancelled: the connection still carries the next push.
    expect(await sender.send(apnsRequest())).toMatchObject({ kind: 'response', status: 200 })
    await sender.close()
    expect(sender.stats().sessionsOpened).toBe(1)
  })

  it('answers connect-timeout when the TLS handshake does not finish within the connect timeout', async () => {
    add({ type: 'slow-connect', match: { provider: 'apns' }, attributes: { distribution: { kind: 'fixed', ms: 100_000 } } })
    const sender = createApnsSender({ ...config(), policy: policy({ connectTimeoutMs: 100 }) })
    expect(await sender.send(apnsRequest())).toMatchObject({ kind: 'transport-error', error: 'connect-timeout' })
    await sender.close()
  })

  it('answers reset when the connection drops mid-request', async () => {
    const token = 'b8'.repeat(32)
    add({ type: 'reset', match: { target: token }, attributes: {} })
    const sender = createApnsSender(config())
    expect(await sender.send(apnsRequest(token))).toMatchObject({ kind: 'transport-error', error: 'reset' })
    await sender.close()
  })

  it('returns ExpiredProviderToken as answered, then mints a new token on refreshCredential() and sends it on a new connection', async () => {
    const token = 'c9'.repeat(32)
    add({ type: 'error', match: { target: token }, schedule: { kind: 'first', attempts: 1 }, attributes: { code: 'ExpiredProviderToken' } })
    const sender = createApnsSender(config())
    const first = await sender.send(apnsRequest(token))
    expect(first).toMatchObject({ kind: 'response', status: 403, body: '{"reason":"ExpiredProviderToken"}' })
    expect(await sender.send(apnsRequest(token))).toMatchObject({ status: 200 })
    expect(sender.stats().tokensMinted).toBe(1)
    sender.refreshCredential()
    expect(await sender.send(apnsRequest(token))).toMatchObject({ status: 200 })
    await sender.close()
    expect(sender.stats()).toMatchObject({ tokensMinted: 2, sessionsOpened: 2 })
    // §1.6: a second token within 20 min of the first goes on a fresh connection (no TooManyProviderTokenUpdates).
    const connections = apnsEntries(token).map((entry) => entry.connectionId)
    expect(connections[0]).toBe(connections[1])
    expect(connections[2]).not.toBe(connections[1])
  })

  it('answers a request for a web push address without sending it', async () => {
    const sender = createApnsSender(config())
    const before = sims.ledger.count({ provider: 'apns' })
    const result = await sender.send({ ...apnsRequest(), address: { kind: 'subscription', endpoint: 'https://x.example/p', p256dh: 'k', auth: 'a' } })
    await sender.close()
    expect(result).toMatchObject({ kind: 'transport-error', error: 'connection', message: expect.stringMatching(/^not sent: /) })
    expect(sims.ledger.count({ provider: 'apns' })).toBe(before)
  })
})
