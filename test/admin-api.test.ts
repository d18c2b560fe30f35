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

/** The base64 of a PEM, without its armour and line breaks. */
const pemBody = (pem: string) => pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '')

describe('admin API', () => {
  it('describes itself: endpoints, seed, CA and every route', async () => {
    const { status, body } = await admin('GET', '/')
    expect(status).toBe(200)
    expect(body).toMatchObject({ name: 'pushsim', seed: 'test-seed', caPath: sims.tls.caPath, endpoints: sims.endpoints, authentication: 'none' })
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
    expect(ledger.body.entries[0].request.headers.authorization).toMatch(/^bearer \[redacted\], iat=\d+$/)
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

  it('refuses unknown and misplaced fields and query parameters, naming every problem in one error, and changes nothing', async () => {
    const count = (await admin('GET', '/webpush/subscriptions')).body.length
    const bad = await admin('POST', '/webpush/subscriptions', { browser: 'firefox', colour: 'red', privateKey: 'x', keys: { privateKey: 'q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94', extra: 1 } })
    expect(bad).toEqual({
      status: 400,
      body: {
        error: {
          code: 'INVALID_ARGUMENT',
          message: 'Failed to read the request: keys.auth: required; colour: unknown field; privateKey: unknown field (did you mean keys.privateKey?); keys.extra: unknown field.',
        },
      },
    })
    expect((await admin('GET', '/webpush/subscriptions')).body).toHaveLength(count)
    expect((await admin('POST', '/fcm/tokens', { token: 'abc:APA91bY', topic: 'com.example.x' })).body.error.message).toBe('Failed to read the request: topic: unknown field.')
    expect((await admin('POST', '/apns/tokens', { token: 'ab'.repeat(32), project: 'p' })).body.error.message).toBe('Failed to read the request: project: unknown field.')
    expect((await admin('POST', '/apns/tokens?dryRun=1', { token: 'ab'.repeat(32), colour: 'red' })).body.error.message).toBe('Failed to read the request: dryRun: unknown query parameter; colour: unknown field.')
    expect((await admin('GET', '/webpush/subscriptions?browser=firefox')).body.error).toEqual({ code: 'INVALID_ARGUMENT', message: 'Failed to read the request: browser: unknown query parameter.' })
    // Routes with a validator of their own (the fault language) still refuse a query string.
    expect((await admin('POST', '/faults?dryRun=1', { id: 'not-added', type: 'hang' })).body.error.message).toBe('Failed to read the request: dryRun: unknown query parameter.')
    expect((await admin('GET', '/faults')).body.faults).toEqual([])
    // Routes that read no body refuse one, before acting.
    expect((await admin('POST', '/fcm/access-tokens/expire', { all: true })).body.error.message).toBe('Failed to read the request: all: unknown field.')
    expect((await admin('DELETE', '/ledger', { keepFile: true })).status).toBe(400)
    const recorded = (await admin('GET', '/ledger/count')).body.count
    expect((await admin('POST', '/reset', { keepLedger: true })).status).toBe(400)
    expect((await admin('GET', '/ledger/count')).body.count).toBe(recorded)
    expect((await admin('POST', '/reset', [])).body.error.message).toBe('Failed to read the request: body: expected a JSON object.')
  })

  it('names every problem of given keys at once, along with unknown fields', async () => {
    const bad = await admin('POST', '/webpush/subscriptions', { browser: 'chrome', id: 'a b', keys: { auth: 'c2hvcnQ', privateKey: 'q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94', p256dh: sims.credentials.vapid.publicKey }, extra: 1 })
    expect(bad.body.error.message).toBe(
      'Failed to read the request: chrome subscriptions need an applicationServerKey; id: expected 1 to 400 base64url characters (A-Z a-z 0-9 - _); keys.auth: expected 16 bytes (the auth secret), got 5; keys.privateKey: not the private key of keys.p256dh; extra: unknown field.',
    )
    const taken = await admin('POST', '/webpush/subscriptions', { browser: 'firefox', id: 'taken-id' })
    expect(taken.status).toBe(201)
    expect(await admin('POST', '/webpush/subscriptions', { browser: 'kaios', id: 'taken-id' })).toEqual({ status: 409, body: { error: { code: 'CONFLICT', message: 'Failed to subscribe: id taken-id is already taken', hint: expect.any(String) } } })
  })

  it('keeps private key material out of listings, GET / and error messages; credential routes hand it out once', async () => {
    const { readFileSync } = await import('node:fs')
    const apnsMade = await admin('POST', '/apns/credentials', {})
    expect(apnsMade.body.key).toBe(readFileSync(apnsMade.body.keyPath, 'utf8'))
    expect(apnsMade.body.key).toContain('BEGIN PRIVATE KEY')
    const fcmMade = await admin('POST', '/fcm/credentials', {})
    expect(fcmMade.body.serviceAccount).toEqual(JSON.parse(readFileSync(fcmMade.body.path, 'utf8')))
    const rfcPrivate = 'q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94'
    const given = await admin('POST', '/webpush/subscriptions', { browser: 'kaios', keys: { auth: 'BTBZMqHH6r4Tts7J_aSIgg', privateKey: rfcPrivate } })
    expect(given.status).toBe(201)

    const keys = await admin('GET', '/apns/keys')
    for (const key of keys.body) expect(Object.keys(key).sort()).toEqual(['environment', 'keyId', 'teamId', 'topics'])
    const accounts = await admin('GET', '/fcm/service-accounts')
    for (const account of accounts.body) expect(Object.keys(account).sort()).toEqual(['clientEmail', 'privateKeyId', 'projectId'])
    const secrets = [sims.credentials.vapid.privateKey, rfcPrivate, pemBody(apnsMade.body.key), pemBody(fcmMade.body.serviceAccount.private_key), pemBody(sims.credentials.apns.key)]
    for (const path of ['/', '/apns/keys', '/fcm/service-accounts', '/webpush/subscriptions', `/webpush/subscriptions/${given.body.id}`, '/ledger?limit=10000']) {
      const text = JSON.stringify((await admin('GET', path)).body)
      expect(text).not.toMatch(/PRIVATE KEY/)
      for (const secret of secrets) expect(text, path).not.toContain(secret)
    }
    // A key in a body that is not JSON, or in a field that refuses it, is not quoted back.
    const broken = await admin('POST', '/apns/keys', undefined, `key=${apnsMade.body.key}`)
    expect(broken.body.error.message).toBe("Failed to parse the body as JSON: Unexpected token 'k' (not valid JSON).")
    const notPem = await admin('POST', '/apns/keys', { keyId: 'K', teamId: 'T', key: pemBody(apnsMade.body.key) })
    const misplaced = await admin('POST', '/apns/tokens', { token: 'ab'.repeat(32), state: pemBody(apnsMade.body.key) })
    for (const answer of [broken, notPem, misplaced]) expect(JSON.stringify(answer.body)).not.toContain(pemBody(apnsMade.body.key).slice(0, 40))
  })

  it('resets exchanges and runtime registrations but keeps credentials', async () => {
    expect((await admin('POST', '/reset')).body).toEqual({ reset: true })
    expect((await admin('GET', '/ledger')).body.total).toBe(0)
    expect((await admin('GET', '/webpush/subscriptions')).body).toEqual([])
    expect((await admin('GET', '/apns/keys')).body.length).toBeGreaterThanOrEqual(2)
  })
})
