/** The admin API over real HTTP: routes, filters, registrations, and its error envelope. */
import { connect } from 'node:http2'
import { importPKCS8, SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestSimulators } from './support/simulators.ts'

let sims: Awaited<ReturnType<typeof startTestSimulators>>
beforeAll(async () => {
  sims = await startTestSimulators()
})
afterAll(() => sims?.stop())

async function admin(method: string, path: string, body?: unknown, raw?: string) {
  const response = await fetch(`${sims.endpoints.admin}${path}`, { method, ...(raw !== undefined ? { body: raw } : body === undefined ? {} : { body: JSON.stringify(body) }) })
  return { status: response.status, body: (await response.json()) as any }
}

/** One APNs push over HTTP/2 with a key registered through the admin API. */
async function pushApns(credential: { keyId: string; teamId: string; key: string; topic: string }, token: string) {
  const jwt = await new SignJWT({ iss: credential.teamId, iat: Math.floor(Date.now() / 1000) }).setProtectedHeader({ alg: 'ES256', kid: credential.keyId }).sign(await importPKCS8(credential.key, 'ES256'))
  const session = connect(sims.endpoints.apns, { ca: sims.tls.ca })
  try {
    return await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const stream = session.request({ ':method': 'POST', ':path': `/3/device/${token}`, authorization: `bearer ${jwt}`, 'apns-topic': credential.topic, 'apns-push-type': 'alert' })
      let status = 0
      let body = ''
      stream.on('response', (headers) => (status = Number(headers[':status'])))
      stream.on('data', (chunk) => (body += chunk))
      stream.on('end', () => resolve({ status, body }))
      stream.on('error', reject)
      stream.end('{"aps":{"alert":"hi"}}')
    })
  } finally {
    session.close()
  }
}

describe('admin API', () => {
  it('describes itself: endpoints, seed, CA and every route', async () => {
    const { status, body } = await admin('GET', '/')
    expect(status).toBe(200)
    expect(body).toMatchObject({ name: 'pushsim', seed: 'test-seed', caPath: sims.tls.caPath, endpoints: sims.endpoints })
    expect(body.routes.map((r: { method: string; path: string }) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining(['GET /ledger', 'POST /webpush/subscriptions', 'POST /apns/tokens/:token/unregister']))
  })

  it('answers unknown routes, wrong methods and broken JSON with stable error codes', async () => {
    expect(await admin('GET', '/nope')).toEqual({ status: 404, body: { error: { code: 'NOT_FOUND', message: 'Failed to find GET /nope.', hint: 'GET / lists every route.' } } })
    expect((await admin('PUT', '/ledger')).status).toBe(405)
    const broken = await admin('POST', '/apns/tokens', undefined, '{"token": ')
    expect(broken.status).toBe(400)
    expect(broken.body.error.code).toBe('INVALID_ARGUMENT')
    const missing = await admin('POST', '/apns/tokens', { state: 'gone', unregisteredAt: 'yesterday' })
    expect(missing.body.error.message).toBe("Failed to read the request: token: required; state: expected one of valid, unregistered, expired, got 'gone'; unregisteredAt: expected a number.")
    const filter = await admin('GET', '/ledger?status=abc&colour=red')
    expect(filter.body.error.message).toContain("status: expected a non-negative integer, got 'abc'")
    expect(filter.body.error.message).toContain('colour: unknown filter')
  })

  it('creates an APNs credential that the simulator accepts, and unregisters a token with a timestamp', async () => {
    const made = await admin('POST', '/apns/credentials', { topic: 'com.example.admin' })
    expect(made.status).toBe(201)
    const { readFileSync } = await import('node:fs')
    const credential = { ...made.body, key: readFileSync(made.body.keyPath, 'utf8') }
    const token = 'ab'.repeat(32)
    expect((await pushApns(credential, token)).status).toBe(200)
    const at = 1_700_000_000_000
    expect((await admin('POST', `/apns/tokens/${token}/unregister`, { at })).body).toMatchObject({ token, state: 'unregistered', unregisteredAt: at })
    expect(await pushApns(credential, token)).toEqual({ status: 410, body: JSON.stringify({ reason: 'Unregistered', timestamp: at }) })
    const ledger = await admin('GET', `/ledger?provider=apns&target=${token}`)
    expect(ledger.body.entries.map((e: { response: { status: number } }) => e.response.status)).toEqual([200, 410])
    expect(ledger.body.entries[0].request.headers.authorization).toBe('bearer [redacted]')
    expect((await admin('GET', `/ledger/count?provider=apns&status=410`)).body).toEqual({ count: 1 })
  })

  it('subscribes browsers, unsubscribes them, and forgets them', async () => {
    const made = await admin('POST', '/webpush/subscriptions', { browser: 'firefox' })
    expect(made.status).toBe(201)
    expect(made.body.subscription.endpoint.startsWith(`${sims.endpoints.webpushTls}/wpush/v1/`)).toBe(true)
    expect(made.body.subscription.keys).toEqual({ p256dh: expect.any(String), auth: expect.any(String) })
    const plain = await admin('POST', '/webpush/subscriptions', { browser: 'kaios', secure: false })
    expect(plain.body.subscription.endpoint.startsWith(`${sims.endpoints.webpush}/kaios/`)).toBe(true)
    expect((await admin('POST', `/webpush/subscriptions/${made.body.id}/unsubscribe`, {})).body.state).toBe('unsubscribed')
    expect((await admin('DELETE', `/webpush/subscriptions/${made.body.id}`)).status).toBe(200)
    expect((await admin('GET', `/webpush/subscriptions/${made.body.id}`)).status).toBe(404)
    expect((await admin('POST', '/webpush/subscriptions', { browser: 'netscape' })).body.error.code).toBe('INVALID_ARGUMENT')
  })

  it('registers FCM token states and expires access tokens', async () => {
    expect((await admin('POST', '/fcm/tokens', { token: 'abc:APA91bX', project: 'other-project' })).status).toBe(201)
    expect((await admin('GET', '/fcm/tokens')).body).toContainEqual({ token: 'abc:APA91bX', project: 'other-project', state: 'valid' })
    expect((await admin('POST', '/fcm/access-tokens/expire')).body).toEqual({ expired: expect.any(Number) })
    const made = await admin('POST', '/fcm/credentials', { projectId: 'second-project' })
    expect(made.body).toMatchObject({ projectId: 'second-project', clientEmail: expect.stringContaining('@second-project.iam.gserviceaccount.com') })
  })

  it('resets exchanges and runtime registrations but keeps credentials', async () => {
    expect((await admin('POST', '/reset')).body).toEqual({ reset: true })
    expect((await admin('GET', '/ledger')).body.total).toBe(0)
    expect((await admin('GET', '/webpush/subscriptions')).body).toEqual([])
    expect((await admin('GET', '/apns/keys')).body.length).toBeGreaterThanOrEqual(2)
  })
})
