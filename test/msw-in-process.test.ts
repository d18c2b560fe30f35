/**
 * The in-process (msw) mode answers exactly as the socket servers do, since
 * both run the same provider cores; and firebase-admin, whose hosts are
 * hard-wired, works against it unchanged.
 */
import { initializeApp, cert, deleteApp, type App } from 'firebase-admin/app'
import { getMessaging } from 'firebase-admin/messaging'
import { importPKCS8, SignJWT } from 'jose'
import { setupServer } from 'msw/node'
import { request } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createInProcessSimulators } from '../simulators/adapters/msw/index.ts'
import { manualClock } from '../simulators/kernel/clock.ts'
import { startTestSimulators } from './support/simulators.ts'

const clock = manualClock(Date.UTC(2026, 10, 22, 12))
const inProcess = createInProcessSimulators({ seed: 'parity', clock })
const forFirebaseAdmin = createInProcessSimulators({ seed: 'firebase-admin' })
const server = setupServer(...inProcess.handlers)
let sims: Awaited<ReturnType<typeof startTestSimulators>>
let accessToken: string

interface Answer {
  status: number
  contentType: string | null
  body: string
}

async function viaSocket(path: string, init: { headers: Record<string, string>; body: string }, base = sims.endpoints.fcm): Promise<Answer> {
  const response = await request(`${base}${path}`, { method: 'POST', headers: init.headers, body: init.body })
  return { status: response.statusCode, contentType: (response.headers['content-type'] as string | undefined) ?? null, body: await response.body.text() }
}

async function viaMsw(url: string, init: { headers: Record<string, string>; body: string }): Promise<Answer> {
  const response = await fetch(url, { method: 'POST', headers: init.headers, body: init.body })
  return { status: response.status, contentType: response.headers.get('content-type'), body: await response.text() }
}

beforeAll(async () => {
  sims = await startTestSimulators({ seed: 'parity', clock })
  const account = sims.credentials.fcm.serviceAccount
  const registration = { clientEmail: account.client_email, projectId: account.project_id, key: account.private_key, privateKeyId: account.private_key_id }
  expect(inProcess.fcm.registerServiceAccount(registration).ok).toBe(true)
  expect(forFirebaseAdmin.fcm.registerServiceAccount(registration).ok).toBe(true)
  for (const fcm of [sims.fcm, inProcess.fcm]) fcm.unregisterToken('dead-token:APA91bGone')
  server.listen({ onUnhandledFrame: 'bypass' })
})

afterAll(async () => {
  server.close()
  await sims?.stop()
})

describe('in-process parity with the socket servers', () => {
  it('issues the same OAuth2 access token for the same assertion', async () => {
    const account = sims.credentials.fcm.serviceAccount
    const now = Math.floor(clock.now() / 1000)
    const assertion = await new SignJWT({ iss: account.client_email, scope: 'https://www.googleapis.com/auth/firebase.messaging', aud: 'https://oauth2.googleapis.com/token', iat: now, exp: now + 3600 })
      .setProtectedHeader({ alg: 'RS256' })
      .sign(await importPKCS8(account.private_key, 'RS256'))
    const form = { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }).toString() }
    const socket = await viaSocket('/token', form)
    const inproc = await viaMsw('https://oauth2.googleapis.com/token', form)
    expect(socket.status).toBe(200)
    expect(inproc).toEqual(socket)
    accessToken = (JSON.parse(socket.body) as { access_token: string }).access_token
  })

  const sends: [string, unknown][] = [
    ['a valid send', { message: { token: 'bk3RNwTe3H0:CI2k_HHwgIpoDKCIZvvDMExUdFQ3P1', notification: { title: 'hi' } } }],
    ['a dry run', { validate_only: true, message: { topic: 'news', data: { a: 'b' } } }],
    ['a non-string data value', { message: { token: 'bk3RNwTe3H0:CI2k_HHwgIpoDKCIZvvDMExUdFQ3P1', data: { count: 12 } } }],
    ['an unknown field', { message: { token: 't0ken-000000000000000', priority: 'high' } }],
    ['an unregistered token', { message: { token: 'dead-token:APA91bGone' } }],
    ['two targets', { message: { token: 't0ken-000000000000000', topic: 'news' } }],
  ]
  it.each(sends)('answers %s identically', async (_name, body) => {
    const init = { headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }
    const socket = await viaSocket('/v1/projects/pushsim-demo/messages:send', init)
    const inproc = await viaMsw('https://fcm.googleapis.com/v1/projects/pushsim-demo/messages:send', init)
    expect(inproc).toEqual(socket)
  })

  it('answers broken JSON and a missing credential identically', async () => {
    const inits: { headers: Record<string, string>; body: string }[] = [
      { headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' }, body: '{"message": {' },
      { headers: { 'content-type': 'application/json' }, body: '{}' },
    ]
    for (const init of inits) {
      const socket = await viaSocket('/v1/projects/pushsim-demo/messages:send', init)
      expect(await viaMsw('https://fcm.googleapis.com/v1/projects/pushsim-demo/messages:send', init)).toEqual(socket)
      expect(socket.status).toBeGreaterThanOrEqual(400)
    }
  })

  it('answers web push errors in each flavour identically', async () => {
    for (const browser of ['chrome', 'firefox', 'safari'] as const) {
      const applicationServerKey = sims.credentials.vapid.publicKey
      const onSocket = sims.webpush.subscribe({ browser, origin: sims.endpoints.webpush, applicationServerKey })
      const inproc = inProcess.subscribe(browser, applicationServerKey)
      if (!onSocket.ok || !inproc.ok) throw new Error(`subscribe failed: ${JSON.stringify([onSocket, inproc])}`)
      const path = new URL(onSocket.value.subscription.endpoint).pathname
      expect(new URL(inproc.value.subscription.endpoint).pathname).toBe(path)
      // No VAPID on a key-restricted subscription: each flavour's own auth error (Chrome 403 text, autopush 401 JSON, Apple 403 JSON).
      const init = { headers: { ttl: '60' }, body: '' }
      const socket = await viaSocket(path, init, sims.endpoints.webpush)
      expect([401, 403]).toContain(socket.status)
      expect(await viaMsw(inproc.value.subscription.endpoint, init)).toEqual(socket)
    }
  })
})

describe('firebase-admin through the msw handlers', () => {
  let app: App
  beforeAll(() => {
    const account = sims.credentials.fcm.serviceAccount
    // msw's `use` prepends: this wall-clock simulator answers before the manual-clock one.
    server.use(...forFirebaseAdmin.handlers)
    app = initializeApp({ credential: cert({ projectId: account.project_id, clientEmail: account.client_email, privateKey: account.private_key }) }, 'pushsim-msw')
    forFirebaseAdmin.fcm.unregisterToken('dead-token:APA91bGone')
  })
  afterAll(() => deleteApp(app))

  it('sends, dry-runs, and sees UNREGISTERED as registration-token-not-registered', async () => {
    const messaging = getMessaging(app)
    const name = await messaging.send({ token: 'bk3RNwTe3H0:CI2k_HHwgIpoDKCIZvvDMExUdFQ3P1', notification: { title: 'hello' }, android: { priority: 'high', ttl: 3_600_000 } })
    expect(name).toMatch(/^projects\/pushsim-demo\/messages\/0:\d+%[0-9a-f]{16}$/)
    expect(await messaging.send({ topic: 'news', data: { k: 'v' } }, true)).toBe('projects/pushsim-demo/messages/fake_message_id')
    await expect(messaging.send({ token: 'dead-token:APA91bGone' })).rejects.toMatchObject({ code: 'messaging/registration-token-not-registered' })
    const sent = forFirebaseAdmin.ledger.query({ pathPrefix: '/v1/projects/pushsim-demo/messages:send' })
    expect(sent.entries.map((entry) => entry.response.status)).toEqual([200, 200, 404])
    expect(forFirebaseAdmin.ledger.count({ pathPrefix: '/token', status: 200 })).toBe(1)
  })
})
