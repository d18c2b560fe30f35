/**
 * The FCM simulator on its real listeners: the OAuth flow as
 * google-auth-library runs it (the code firebase-admin uses), then sends
 * with undici over HTTP/1.1 (clear) and HTTP/2 (TLS, ALPN h2), token expiry
 * and refresh, and the retired legacy API.
 */
import { createRequire } from 'node:module'
import { Agent, request, type Dispatcher } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestSimulators } from './support/simulators.ts'

interface GoogleTokenLike {
  getToken(options?: { forceRefresh?: boolean }): Promise<{ access_token?: string }>
  readonly expiresAt: number | undefined
}
type GoogleTokenClass = new (options: Record<string, unknown>) => GoogleTokenLike

// google-auth-library as firebase-admin resolves it; gtoken hard-codes https://oauth2.googleapis.com/token
// (it ignores the key file's token_uri), so the transporter below points it at the simulator.
const adminRequire = createRequire(createRequire(import.meta.url).resolve('firebase-admin'))
const { GoogleToken } = adminRequire('google-auth-library/build/src/gtoken/googleToken.js') as { GoogleToken: GoogleTokenClass }

const SCOPES = ['https://www.googleapis.com/auth/cloud-platform', 'https://www.googleapis.com/auth/firebase.messaging']
const NAME = /^projects\/pushsim-demo\/messages\/0:\d{16}%[0-9a-f]{16}$/
const DEVICE_TOKEN = 'bk3RNwTe3H0:CI2k_HHwgIpoDKCIZvvDMExUdFQ3P1'

let sims: Awaited<ReturnType<typeof startTestSimulators>>
let h1: Dispatcher
let h2: Dispatcher
let gtoken: GoogleTokenLike

beforeAll(async () => {
  sims = await startTestSimulators()
  h1 = new Agent()
  h2 = new Agent({ allowH2: true, connect: { ca: sims.tls.ca } })
  const account = sims.credentials.fcm.serviceAccount
  const transporter = {
    async request(options: { url: string; method: string; data: URLSearchParams }) {
      expect(options.url).toBe('https://oauth2.googleapis.com/token')
      const response = await request(sims.endpoints.oauthToken, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
        body: options.data.toString(),
        dispatcher: h1,
      })
      const data = (await response.body.json()) as Record<string, unknown>
      if (response.statusCode >= 400) throw Object.assign(new Error(String(data.error)), { response: { data } })
      return { data }
    },
  }
  gtoken = new GoogleToken({ email: account.client_email, key: account.private_key, scope: SCOPES, transporter })
})

afterAll(async () => {
  await Promise.all([h1?.close(), h2?.close()])
  await sims?.stop()
})

async function send(base: string, dispatcher: Dispatcher, body: unknown, accessToken?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json;charset=utf-8' }
  if (accessToken) headers.authorization = `Bearer ${accessToken}`
  const response = await request(`${base}/v1/projects/pushsim-demo/messages:send`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    dispatcher,
  })
  return { status: response.statusCode, headers: response.headers, body: (await response.body.json()) as Record<string, any> }
}

const lastTransport = (): string | undefined => sims.ledger.query({ provider: 'fcm', limit: 10_000 }).entries.at(-1)?.transport

describe('FCM over real sockets', () => {
  let accessToken: string

  it("gets an access token through google-auth-library's own JWT-bearer grant", async () => {
    const before = Date.now()
    const token = await gtoken.getToken()
    expect(token.access_token).toMatch(/^ya29\./)
    accessToken = token.access_token!
    // expires_in 3599 → expiresAt about an hour ahead.
    expect(gtoken.expiresAt! - before).toBeGreaterThan(3590_000)
    expect(gtoken.expiresAt! - before).toBeLessThan(3605_000)
  })

  it('sends over HTTP/1.1', async () => {
    const result = await send(sims.endpoints.fcm, h1, { message: { token: DEVICE_TOKEN, notification: { title: 'hi' } } }, accessToken)
    expect(result.status).toBe(200)
    expect(result.headers['content-type']).toBe('application/json; charset=UTF-8')
    expect(result.body.name).toMatch(NAME)
    expect(lastTransport()).toBe('http/1.1')
  })

  it('sends over HTTP/2 with TLS', async () => {
    const result = await send(sims.endpoints.fcmTls, h2, { message: { topic: 'news', data: { a: 'b' } }, validate_only: true }, accessToken)
    expect(result).toMatchObject({ status: 200, body: { name: 'projects/pushsim-demo/messages/fake_message_id' } })
    expect(lastTransport()).toBe('h2')
  })

  it('answers a bad message with the BadRequest envelope over HTTP/2', async () => {
    const result = await send(sims.endpoints.fcmTls, h2, { message: { token: DEVICE_TOKEN, data: { n: 12 } } }, accessToken)
    expect(result.status).toBe(400)
    expect(result.body.error.message).toBe("Invalid value at 'message.data[0].value' (TYPE_STRING), 12")
  })

  it('answers 401 ACCESS_TOKEN_EXPIRED after expireAccessTokens(), until the client refreshes', async () => {
    expect(sims.fcm.expireAccessTokens()).toBeGreaterThanOrEqual(1)
    for (const [base, dispatcher] of [[sims.endpoints.fcm, h1], [sims.endpoints.fcmTls, h2]] as const) {
      const expired = await send(base, dispatcher, { message: { token: DEVICE_TOKEN } }, accessToken)
      expect(expired.status).toBe(401)
      expect(expired.body.error).toMatchObject({ status: 'UNAUTHENTICATED', details: [{ reason: 'ACCESS_TOKEN_EXPIRED' }] })
    }
    const refreshed = await gtoken.getToken({ forceRefresh: true })
    expect(refreshed.access_token).not.toBe(accessToken)
    const result = await send(sims.endpoints.fcmTls, h2, { message: { token: DEVICE_TOKEN } }, refreshed.access_token)
    expect(result.status).toBe(200)
  })

  it('refuses a send without credentials', async () => {
    const result = await send(sims.endpoints.fcm, h1, { message: { token: DEVICE_TOKEN } })
    expect(result.status).toBe(401)
    expect(result.body.error.details).toEqual([expect.objectContaining({ reason: 'CREDENTIALS_MISSING' })])
  })

  it('answers the retired legacy API with DeprecatedApi', async () => {
    const response = await request(`${sims.endpoints.fcm}/fcm/send`, {
      method: 'POST',
      headers: { authorization: 'key=AAAAlegacy', 'content-type': 'application/json' },
      body: JSON.stringify({ registration_ids: [DEVICE_TOKEN, DEVICE_TOKEN] }),
      dispatcher: h1,
    })
    expect(response.statusCode).toBe(200)
    expect(await response.body.text()).toMatch(/^\{"multicast_id":\d+,"success":0,"failure":2,"canonical_ids":0,"results":\[\{"error":"DeprecatedApi"\},\{"error":"DeprecatedApi"\}\]\}$/)
  })
})
