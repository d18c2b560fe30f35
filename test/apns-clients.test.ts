/**
 * The APNs simulator on its real TLS HTTP/2 listener, driven by three
 * clients: node:http2, curl --http2 and the npm `apns2` library.
 */
import { execFile } from 'node:child_process'
import { connect, type ClientHttp2Session, type IncomingHttpHeaders } from 'node:http2'
import { createRequire } from 'node:module'
import { promisify } from 'node:util'
import { ApnsClient, Errors, Notification, type ApnsError } from 'apns2'
import { importPKCS8, SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestSimulators } from './support/simulators.ts'

const run = promisify(execFile)
const RATE_LIMIT = 3
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const UNREGISTERED_AT = 1_712_345_678_901

let sims: Awaited<ReturnType<typeof startTestSimulators>>
let jwt: string
let port: string

/** A well-formed device token of its own per test, so the rate limit of one test does not leak into another. */
let tokenCounter = 0
const freshToken = (): string => (++tokenCounter).toString(16).padStart(64, '0')

beforeAll(async () => {
  sims = await startTestSimulators({ apns: { tokenRateLimit: { limit: RATE_LIMIT, windowMs: 60_000 } } })
  port = new URL(sims.endpoints.apns).port
  const { keyId, teamId, key } = sims.credentials.apns
  jwt = await new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', kid: keyId })
    .setIssuer(teamId)
    .setIssuedAt()
    .sign(await importPKCS8(key, 'ES256'))
})

afterAll(async () => {
  await sims?.stop()
})

describe('APNs over node:http2', () => {
  let session: ClientHttp2Session

  beforeAll(async () => {
    session = connect(sims.endpoints.apns, { ca: sims.tls.ca })
    // The server's initial SETTINGS frame, which carries the 1-stream limit.
    await new Promise<void>((resolve, reject) => session.once('remoteSettings', () => resolve()).once('error', reject))
  })

  afterAll(() => session?.close())

  function send(token: string, body = '{"aps":{"alert":"hi"}}') {
    return new Promise<{ headers: IncomingHttpHeaders; body: string }>((resolve, reject) => {
      const stream = session.request({
        ':method': 'POST',
        ':path': `/3/device/${token}`,
        authorization: `bearer ${jwt}`,
        'apns-topic': sims.credentials.apns.topic,
        'apns-push-type': 'alert',
      })
      let text = ''
      let headers: IncomingHttpHeaders = {}
      stream.setEncoding('utf8')
      stream.on('response', (received) => (headers = received))
      stream.on('data', (chunk: string) => (text += chunk))
      stream.on('end', () => resolve({ headers, body: text }))
      stream.on('error', reject)
      stream.end(body)
    })
  }

  it('starts with 1 stream and grants 1000 after the first valid token', async () => {
    expect(session.remoteSettings.maxConcurrentStreams).toBe(1)
    const settings = new Promise((resolve) => session.once('remoteSettings', resolve))
    const { headers, body } = await send(freshToken())
    expect(headers[':status']).toBe(200)
    expect(headers['apns-id']).toMatch(UUID)
    // 127.0.0.1 names no Apple host: the default environment, sandbox, adds apns-unique-id.
    expect(headers['apns-unique-id']).toMatch(UUID)
    expect(body).toBe('')
    expect(await settings).toMatchObject({ maxConcurrentStreams: 1000 })
  })

  it('answers an unregistered token with 410 and its timestamp', async () => {
    const token = freshToken()
    expect(sims.apns.unregisterToken(token, UNREGISTERED_AT).ok).toBe(true)
    const { headers, body } = await send(token)
    expect(headers[':status']).toBe(410)
    expect(headers['content-type']).toBe('application/json')
    expect(JSON.parse(body)).toEqual({ reason: 'Unregistered', timestamp: UNREGISTERED_AT })
  })

  it('answers a malformed token with 400 BadDeviceToken', async () => {
    const { headers, body } = await send('abc123')
    expect(headers[':status']).toBe(400)
    expect(JSON.parse(body)).toEqual({ reason: 'BadDeviceToken' })
  })

  it('answers the request over the per-token limit with 429 TooManyRequests', async () => {
    const token = freshToken()
    const statuses: unknown[] = []
    for (let i = 0; i <= RATE_LIMIT; i++) statuses.push((await send(token)).headers[':status'])
    expect(statuses).toEqual([200, 200, 200, 429])
    expect(JSON.parse((await send(token)).body)).toEqual({ reason: 'TooManyRequests' })
  })
})

describe('APNs over curl --http2', () => {
  // --resolve sends the real sandbox host name as :authority, so the simulator picks the sandbox.
  async function curl(token: string, extra: string[] = []) {
    const headers = [`authorization: bearer ${jwt}`, `apns-topic: ${sims.credentials.apns.topic}`, 'apns-push-type: alert']
    const args = [
      '--http2',
      '--silent',
      '--show-error',
      '--include',
      ...['--cacert', sims.tls.caPath],
      ...['--resolve', `api.sandbox.push.apple.com:${port}:127.0.0.1`],
      ...headers.flatMap((header) => ['--header', header]),
      ...['--data', '{"aps":{"alert":"hi"}}'],
      ...extra,
      `https://api.sandbox.push.apple.com:${port}/3/device/${token}`,
    ]
    const { stdout } = await run('curl', args)
    const [head = '', body = ''] = stdout.split('\r\n\r\n')
    const status = Number(/^HTTP\/2 (\d{3})/.exec(head)?.[1])
    return { status, head: head.toLowerCase(), body }
  }

  it('delivers over HTTP/2 with apns-id and apns-unique-id', async () => {
    const { status, head, body } = await curl(freshToken())
    expect(status).toBe(200)
    expect(head).toMatch(/\r\napns-id: [0-9a-f-]{36}/)
    expect(head).toMatch(/\r\napns-unique-id: [0-9a-f-]{36}/)
    expect(body).toBe('')
  })

  it('echoes the apns-id it was given', async () => {
    const id = '123e4567-e89b-12d3-a456-4266554400a0'
    const { head } = await curl(freshToken(), ['--header', `apns-id: ${id}`])
    expect(head).toContain(`\r\napns-id: ${id}`)
  })

  it('answers an unregistered token with 410 and its timestamp', async () => {
    const token = freshToken()
    sims.apns.unregisterToken(token, UNREGISTERED_AT)
    const { status, body } = await curl(token)
    expect(status).toBe(410)
    expect(JSON.parse(body)).toEqual({ reason: 'Unregistered', timestamp: UNREGISTERED_AT })
  })

  it('answers a malformed token with 400 BadDeviceToken', async () => {
    const { status, body } = await curl('f'.repeat(63))
    expect(status).toBe(400)
    expect(JSON.parse(body)).toEqual({ reason: 'BadDeviceToken' })
  })

  it('answers the request over the per-token limit with 429 TooManyRequests', async () => {
    const token = freshToken()
    for (let i = 0; i < RATE_LIMIT; i++) expect((await curl(token)).status).toBe(200)
    const { status, body } = await curl(token)
    expect(status).toBe(429)
    expect(JSON.parse(body)).toEqual({ reason: 'TooManyRequests' })
  })
})

describe('APNs through the apns2 library', () => {
  let client: ApnsClient

  beforeAll(async () => {
    const { keyId, teamId, key, topic } = sims.credentials.apns
    client = new ApnsClient({ team: teamId, keyId, signingKey: key, defaultTopic: topic, host: 'api.sandbox.push.apple.com' })
    // apns2 always dials port 443 of its host. Swap in the same kind of undici
    // Pool it builds (from apns2's own undici), aimed at the simulator and
    // trusting its CA; signing, headers, paths and error parsing stay apns2's.
    const { Pool } = createRequire(import.meta.resolve('apns2'))('undici') as typeof import('undici')
    const pool = new Pool(sims.endpoints.apns, {
      connections: 32,
      pipelining: 1,
      allowH2: true,
      maxConcurrentStreams: 100,
      connect: { ca: sims.tls.ca },
    })
    await client.client.close()
    Object.defineProperty(client, 'client', { value: pool })
  })

  afterAll(async () => {
    await client?.close()
  })

  const failure = (promise: Promise<unknown>): Promise<ApnsError> =>
    promise.then(
      () => {
        throw new Error('expected the send to fail')
      },
      (error: ApnsError) => error,
    )

  it('sends a notification', async () => {
    const notification = new Notification(freshToken(), { alert: 'hello' })
    await expect(client.send(notification)).resolves.toBe(notification)
  })

  it('reports Unregistered with its timestamp', async () => {
    const token = freshToken()
    sims.apns.unregisterToken(token, UNREGISTERED_AT)
    const error = await failure(client.send(new Notification(token, { alert: 'hello' })))
    expect({ statusCode: error.statusCode, reason: error.reason, timestamp: error.timestamp }).toEqual({
      statusCode: 410,
      reason: Errors.unregistered,
      timestamp: UNREGISTERED_AT,
    })
  })

  it('reports BadDeviceToken', async () => {
    const error = await failure(client.send(new Notification('not-a-token', { alert: 'hello' })))
    expect({ statusCode: error.statusCode, reason: error.reason }).toEqual({ statusCode: 400, reason: Errors.badDeviceToken })
  })

  it('reports TooManyRequests over the per-token limit', async () => {
    const token = freshToken()
    for (let i = 0; i < RATE_LIMIT; i++) await client.send(new Notification(token, { alert: `#${i}` }))
    const error = await failure(client.send(new Notification(token, { alert: 'one too many' })))
    expect({ statusCode: error.statusCode, reason: error.reason }).toEqual({ statusCode: 429, reason: Errors.tooManyRequests })
  })
})
