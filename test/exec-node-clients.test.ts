/**
 * `pushsim exec --admin <running simulators> -- node <program>`: programs
 * written against firebase-admin and web-push as their documentation shows,
 * and Node's own clients (fetch, node:http2, dns.lookup then tls.connect),
 * with no pushsim code in them and the providers' real hosts, reach the
 * simulators; their requests are in the ledger under the real authorities,
 * and the programs get the providers' answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LedgerEntry } from '../simulators/ledger/index.ts'
import { execFixture } from './support/exec-process.ts'
import { startTestSimulators } from './support/simulators.ts'

let sims: Awaited<ReturnType<typeof startTestSimulators>>

beforeAll(async () => {
  sims = await startTestSimulators({ seed: 'exec-node-clients' })
})

afterAll(async () => {
  await sims?.stop()
})

const entriesAfter = (seq: number): LedgerEntry[] => sims.ledger.query({ afterSeq: seq, limit: 1000 }).entries

async function admin<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(`${sims.endpoints.admin}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  expect(response.status).toBe(201)
  return (await response.json()) as T
}

describe('firebase-admin through pushsim exec', () => {
  it('gets an access token from oauth2.googleapis.com and sends with send (HTTP/1.1) and sendEach (HTTP/2) to fcm.googleapis.com', async () => {
    const live = 'bk3RNwTe3H0:CI2k_HHwgIpoDKCIZvvDMExUdFQ3P1-exec-live'
    const gone = 'bk3RNwTe3H0:CI2k_HHwgIpoDKCIZvvDMExUdFQ3P1-exec-gone'
    expect(sims.fcm.registerToken({ token: gone, state: 'unregistered' }).ok).toBe(true)
    const before = sims.ledger.recorded

    const run = await execFixture('firebase-admin-send.mjs', { flags: ['--admin', sims.endpoints.admin], env: { FCM_TOKENS: `${live},${gone}` } })

    expect(run.code, run.err).toBe(0)
    const printed = run.printed as { send: { messageId: string }; sendEach: { successCount: number; failureCount: number; responses: { messageId?: string; code?: string }[] } }
    expect(printed.send.messageId).toMatch(/^projects\/pushsim-demo\/messages\/\d+/)
    expect(printed.sendEach.successCount).toBe(1)
    expect(printed.sendEach.failureCount).toBe(1)
    expect(printed.sendEach.responses[1]).toEqual({ code: 'messaging/registration-token-not-registered' })

    const entries = entriesAfter(before)
    // The service account exec handed over names Google's token URI: the assertion went to Google's host.
    const grants = entries.filter((entry) => entry.request.path === '/token')
    expect(grants.length).toBeGreaterThanOrEqual(1)
    expect(grants.every((entry) => entry.request.authority === 'oauth2.googleapis.com' && entry.response.status === 200)).toBe(true)
    const sends = entries.filter((entry) => entry.request.path === '/v1/projects/pushsim-demo/messages:send')
    // firebase-admin's HTTP/2 client names the port in :authority, as it does against Google.
    expect(sends.map((entry) => entry.request.authority)).toEqual(['fcm.googleapis.com', 'fcm.googleapis.com:443', 'fcm.googleapis.com:443'])
    // send over HTTP/1.1; sendEach over HTTP/2, with the `:scheme` firebase-admin sends.
    expect(sends[0]!.transport).toBe('http/1.1')
    expect(sends.slice(1).map((entry) => entry.transport)).toEqual(['h2', 'h2'])
    expect(sends.map((entry) => entry.response.status).sort()).toEqual([200, 200, 404])
    expect(sends.find((entry) => entry.response.status === 404)!.reason).toBe('UNREGISTERED')
  }, 60_000)
})

describe('web-push through pushsim exec', () => {
  it("reaches each browser's push service host, and gets the flavour's 410 for a subscription that is gone", async () => {
    const applicationServerKey = sims.credentials.vapid.publicKey
    type Made = { subscription: { endpoint: string; keys: { p256dh: string; auth: string } }; id: string }
    const subscribe = (browser: string) => admin<Made>('/webpush/subscriptions', { browser, applicationServerKey, realOrigin: true })
    const firefox = await subscribe('firefox')
    const chrome = await subscribe('chrome')
    const safari = await subscribe('safari')
    const kaios = await subscribe('kaios')
    const gone = await subscribe('firefox')
    expect(sims.webpush.unsubscribe(gone.id).ok).toBe(true)
    // Apple's and KaiOS' real endpoints carry no flavour in the path: the host names it.
    const safariEndpoint = safari.subscription.endpoint.replace('/safari/', '/')
    const kaiosEndpoint = kaios.subscription.endpoint.replace('/kaios/wpush/', '/wpush/')
    const subscriptions = [firefox.subscription, chrome.subscription, { ...safari.subscription, endpoint: safariEndpoint }, { ...kaios.subscription, endpoint: kaiosEndpoint }, gone.subscription]
    expect(subscriptions.map((subscription) => new URL(subscription.endpoint).host)).toEqual([
      'updates.push.services.mozilla.com',
      'fcm.googleapis.com',
      'web.push.apple.com',
      'push.kaiostech.com',
      'updates.push.services.mozilla.com',
    ])
    const before = sims.ledger.recorded

    const run = await execFixture('web-push-send.mjs', {
      flags: ['--admin', sims.endpoints.admin],
      env: { VAPID_PUBLIC_KEY: sims.credentials.vapid.publicKey, VAPID_PRIVATE_KEY: sims.credentials.vapid.privateKey, SUBSCRIPTIONS: JSON.stringify(subscriptions) },
    })

    expect(run.code, run.err).toBe(0)
    const results = run.printed as { statusCode: number; name?: string; body?: string }[]
    expect(results.map((result) => result.statusCode)).toEqual([201, 201, 201, 201, 410])
    expect(results[4]!.name).toBe('WebPushError')
    expect(JSON.parse(results[4]!.body!)).toMatchObject({ code: 410, errno: 103, error: 'Gone' })

    const entries = entriesAfter(before)
    expect(entries.map((entry) => [entry.provider, entry.flavour, entry.request.authority, entry.response.status])).toEqual([
      ['webpush', 'firefox', 'updates.push.services.mozilla.com', 201],
      // Google's front end: a Chrome endpoint on fcm.googleapis.com reached the FCM listener and was answered as web push.
      ['webpush', 'chrome', 'fcm.googleapis.com', 201],
      ['webpush', 'safari', 'web.push.apple.com', 201],
      ['webpush', 'kaios', 'push.kaiostech.com', 201],
      ['webpush', 'firefox', 'updates.push.services.mozilla.com', 410],
    ])
    // The payload arrived encrypted for the subscription's keys, and the ledger decrypts it.
    expect(entries[0]!.plaintext).toBe(JSON.stringify({ title: 'Hello from web-push' }))
  }, 60_000)
})

describe("Node's own clients through pushsim exec", () => {
  it('routes fetch, node:http2 on port 2197 and a name resolved before tls.connect, names kept', async () => {
    const before = sims.ledger.recorded

    const run = await execFixture('node-builtins.mjs', { flags: ['--admin', sims.endpoints.admin] })

    expect(run.code, run.err).toBe(0)
    const printed = run.printed as { fetch: { status: number; body: unknown }; http2: { status: number; body: unknown }; lookup: { address: string }; tls: { statusLine: string; certificateNamesHost: boolean } }
    expect(printed.fetch).toEqual({ status: 400, body: { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' } })
    expect(printed.http2).toEqual({ status: 403, body: { reason: 'MissingProviderToken' } })
    // A provider name resolves to a loopback marker, never to the real service.
    expect(printed.lookup.address).toMatch(/^127\./)
    expect(printed.tls).toEqual({ statusLine: 'HTTP/1.1 405 Method Not Allowed', certificateNamesHost: true })

    const entries = entriesAfter(before)
    expect(entries.map((entry) => [entry.provider, entry.request.authority, entry.transport, entry.response.status])).toEqual([
      ['fcm', 'oauth2.googleapis.com', 'http/1.1', 400],
      ['apns', 'api.sandbox.push.apple.com:2197', 'h2', 403],
      ['fcm', 'fcm.googleapis.com', 'http/1.1', 405],
    ])
    // The sandbox host picked the APNs environment.
    expect(entries[1]!.flavour).toBe('sandbox')
  }, 60_000)
})
