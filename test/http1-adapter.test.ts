/**
 * pushsim's own HTTP/1.1 adapter (simulators/adapters/http1) on the plain
 * FCM and Web Push listeners, driven over real loopback sockets by raw
 * bytes, curl, undici and node:http: pipelining in order (also when a fault
 * delays one answer), Expect: 100-continue, chunked uploads, keep-alive,
 * Connection: close, half-close, HEAD, the 431/505 refusals, large bodies
 * in small writes, backpressure, and the bytes of the response head.
 */
import { execFile } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { connect, type Socket } from 'node:net'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { Agent, Pool, request } from 'undici'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { LedgerEntry } from '../simulators/ledger/index.ts'
import { startTestSimulators } from './support/simulators.ts'

const run = promisify(execFile)

let sims: Awaited<ReturnType<typeof startTestSimulators>>
let accessToken: string
const SEND = '/v1/projects/pushsim-demo/messages:send'

beforeAll(async () => {
  sims = await startTestSimulators()
  const { fetchFcmAccessToken } = await import('../harness/cli/provider-tokens.ts')
  accessToken = await fetchFcmAccessToken(sims.credentials.fcm.serviceAccount)
})
afterAll(() => sims?.stop())
afterEach(() => sims.faults.clear())

const portOf = (url: string) => Number(new URL(url).port)
const message = (token: string) => JSON.stringify({ message: { token, notification: { title: 'hi' } } })
const sendUrl = () => `${sims.endpoints.fcm}${SEND}`

/** Raw bytes of one FCM send; `accessToken: null` leaves Authorization out. */
function fcmSend(body: string | Buffer, options: { accessToken?: string | null; extra?: string; method?: string } = {}): Buffer {
  const token = options.accessToken === undefined ? accessToken : options.accessToken
  const payload = typeof body === 'string' ? Buffer.from(body) : body
  const head =
    `${options.method ?? 'POST'} ${SEND} HTTP/1.1\r\nHost: 127.0.0.1:${portOf(sims.endpoints.fcm)}\r\n` +
    (token === null ? '' : `Authorization: Bearer ${token}\r\n`) +
    `Content-Type: application/json\r\nContent-Length: ${payload.length}\r\n${options.extra ?? ''}\r\n`
  return Buffer.concat([Buffer.from(head, 'latin1'), payload])
}

const add = (fault: unknown): string[] => {
  const added = sims.faults.add(fault)
  if (!added.ok) throw new Error(added.error.message)
  return added.value.map((f) => f.id!)
}

/** Ledger entries recorded after `mark` (a `sims.ledger.recorded` value). */
async function until(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await delay(5)
  }
}

const entriesSince = (mark: number, query: { provider?: string } = {}): LedgerEntry[] => sims.ledger.query({ ...query, afterSeq: mark, limit: 10_000 }).entries

// ---------------------------------------------------------------------------
// A raw client: bytes in, responses out, framed by Content-Length.

interface RawResponse {
  status: number
  /** The head exactly as received, with its final CRLF CRLF. */
  head: string
  headers: Record<string, string>
  body: Buffer
}

/**
 * Splits received bytes into complete responses. `bodiless(i)` says the
 * i-th response has no body whatever its Content-Length (the answer to a
 * HEAD); 1xx answers and heads without Content-Length have none either.
 */
function parseResponses(data: Buffer, bodiless: (index: number) => boolean = () => false): RawResponse[] {
  const responses: RawResponse[] = []
  let at = 0
  while (at < data.length) {
    const end = data.indexOf('\r\n\r\n', at, 'latin1')
    if (end < 0) break
    const head = data.toString('latin1', at, end + 4)
    const [statusLine, ...lines] = head.slice(0, -4).split('\r\n')
    const status = Number(/^HTTP\/1\.1 (\d{3}) /.exec(statusLine!)?.[1])
    if (!status) throw new Error(`not a status line: ${JSON.stringify(statusLine)}`)
    const headers: Record<string, string> = {}
    for (const line of lines) {
      const colon = line.indexOf(':')
      headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim()
    }
    const length = status < 200 || bodiless(responses.length) ? 0 : Number(headers['content-length'] ?? 0)
    if (end + 4 + length > data.length) break
    responses.push({ status, head, headers, body: data.subarray(end + 4, end + 4 + length) })
    at = end + 4 + length
  }
  return responses
}

interface RawConnection {
  socket: Socket
  received(): Buffer
  /** Resolves when the server has closed the connection; rejects if it has not within `timeoutMs`. */
  closed(timeoutMs?: number): Promise<void>
  isClosed(): boolean
  /** Resolves once `done(bytes so far)` holds; rejects on timeout, or if the server closes first. */
  waitFor(done: (data: Buffer) => boolean, timeoutMs?: number): Promise<Buffer>
  /** The first `count` complete responses; `bodiless` as for parseResponses. */
  responses(count: number, timeoutMs?: number, bodiless?: (index: number) => boolean): Promise<RawResponse[]>
}

async function rawConnect(url: string): Promise<RawConnection> {
  const socket = connect(portOf(url), '127.0.0.1')
  socket.setNoDelay(true)
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject))
  let chunks: Buffer[] = []
  let closed = false
  const listeners = new Set<() => void>()
  const received = () => {
    if (chunks.length > 1) chunks = [Buffer.concat(chunks)]
    return chunks[0] ?? Buffer.alloc(0)
  }
  socket.on('error', () => {})
  socket.on('data', (chunk: Buffer) => {
    chunks.push(chunk)
    for (const listener of [...listeners]) listener()
  })
  socket.on('close', () => {
    closed = true
    for (const listener of [...listeners]) listener()
  })
  const waitFor = (done: (data: Buffer) => boolean, timeoutMs = 5_000) =>
    new Promise<Buffer>((resolve, reject) => {
      const check = () => {
        const data = received()
        if (done(data)) finish(() => resolve(data))
        else if (closed) finish(() => reject(new Error(`the server closed the connection; received ${JSON.stringify(data.toString('latin1').slice(-300))}`)))
      }
      const timer = setTimeout(() => finish(() => reject(new Error(`timed out; received ${JSON.stringify(received().toString('latin1').slice(-300))}`))), timeoutMs)
      const finish = (then: () => void) => {
        clearTimeout(timer)
        listeners.delete(check)
        then()
      }
      listeners.add(check)
      check()
    })
  return {
    socket,
    received,
    closed: (timeoutMs = 5_000) => waitFor(() => closed, timeoutMs).then(() => undefined),
    isClosed: () => closed,
    waitFor,
    async responses(count, timeoutMs, bodiless) {
      const data = await waitFor((bytes) => parseResponses(bytes, bodiless).length >= count, timeoutMs)
      return parseResponses(data, bodiless)
    },
  }
}

/** One request on a fresh connection, as a client sending it alone would. */
async function alone(url: string, bytes: Buffer): Promise<RawResponse> {
  const connection = await rawConnect(url)
  connection.socket.write(bytes)
  const [response] = await connection.responses(1)
  connection.socket.destroy()
  return response!
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** FCM message names are unique per send: compare answers without them. */
function comparable(response: RawResponse) {
  const json = JSON.parse(response.body.toString()) as Record<string, unknown>
  if (typeof json.name === 'string') {
    expect(json.name).toMatch(/^projects\/pushsim-demo\/messages\/0:\d{16}%[0-9a-f]{16}$/)
    json.name = '<name>'
  }
  return { status: response.status, contentType: response.headers['content-type'], json }
}

async function stillServes() {
  for (const url of [sims.endpoints.fcm, sims.endpoints.webpush]) {
    const response = await request(`${url}/nowhere`)
    expect(response.statusCode).toBe(404)
    await response.body.dump()
  }
  const response = await request(sendUrl(), { method: 'POST', headers: { authorization: `Bearer ${accessToken}` }, body: message('tok-still-serving-000000') })
  expect(response.statusCode).toBe(200)
  await response.body.dump()
}

// ---------------------------------------------------------------------------

describe('pipelining', () => {
  it('50 FCM requests in one write come back in order, each as when sent alone, and the ledger has all 50 in order', async () => {
    const kinds = ['valid', 'bad-json', 'no-token', 'no-recipient', 'valid', 'unknown-project'] as const
    const sent = Array.from({ length: 50 }, (_, i) => {
      const kind = kinds[i % kinds.length]!
      const token = `tok-pipe-${String(i).padStart(2, '0')}-0000000000000000`
      switch (kind) {
        case 'valid':
          return { kind, body: message(token), bytes: fcmSend(message(token)) }
        case 'bad-json':
          return { kind, body: `{"message": ${i}`, bytes: fcmSend(`{"message": ${i}`) }
        case 'no-token':
          return { kind, body: message(token), bytes: fcmSend(message(token), { accessToken: null }) }
        case 'no-recipient':
          return { kind, body: `{"message":{"data":{"i":"${i}"}}}`, bytes: fcmSend(`{"message":{"data":{"i":"${i}"}}}`) }
        case 'unknown-project':
          return { kind, body: message(token), bytes: Buffer.from(fcmSend(message(token)).toString('latin1').replace('pushsim-demo', 'no-such-project'), 'latin1') }
      }
    })
    const expected = []
    for (const request of sent) expected.push(comparable(await alone(sims.endpoints.fcm, request.bytes)))
    expect(new Set(expected.map((answer) => answer.status)).size).toBeGreaterThanOrEqual(3) // the mix really differs

    const mark = sims.ledger.recorded
    const connection = await rawConnect(sims.endpoints.fcm)
    connection.socket.write(Buffer.concat(sent.map((request) => request.bytes)))
    const responses = await connection.responses(50)
    expect(responses).toHaveLength(50)
    expect(responses.map(comparable)).toEqual(expected)
    for (const response of responses) expect(response.headers.connection).toBe('keep-alive')
    // Nothing more than the 50 answers, and the connection stays open.
    await delay(50)
    expect(parseResponses(connection.received())).toHaveLength(50)
    expect(connection.isClosed()).toBe(false)
    connection.socket.destroy()

    const entries = entriesSince(mark)
    expect(entries).toHaveLength(50)
    expect(entries.map((entry) => entry.request.body)).toEqual(sent.map((request) => request.body))
    expect(entries.map((entry) => entry.response.status)).toEqual(expected.map((answer) => answer.status))
    expect(new Set(entries.map((entry) => entry.connectionId)).size).toBe(1)
    expect(entries.map((entry) => entry.seq)).toEqual([...entries.map((entry) => entry.seq)].sort((a, b) => a - b))
  })

  it('Web Push requests pipelined in one write come back in order, each as when sent alone', async () => {
    const made = sims.webpush.subscribe({ browser: 'firefox', origin: sims.endpoints.webpush })
    if (!made.ok) throw new Error(made.error.message)
    const endpoint = new URL(made.value.subscription.endpoint)
    const host = `Host: ${endpoint.host}\r\n`
    const sent = [
      `POST ${endpoint.pathname} HTTP/1.1\r\n${host}TTL: 60\r\nContent-Length: 0\r\n\r\n`,
      `POST ${endpoint.pathname} HTTP/1.1\r\n${host}Content-Length: 5\r\n\r\nhello`,
      `POST /wpush/v2/not-a-subscription HTTP/1.1\r\n${host}TTL: 60\r\nContent-Length: 0\r\n\r\n`,
      `POST ${endpoint.pathname} HTTP/1.1\r\n${host}TTL: 60\r\nContent-Encoding: aes128gcm\r\nContent-Length: 3\r\n\r\nabc`,
      `GET /nowhere HTTP/1.1\r\n${host}\r\n`,
    ].map((text) => Buffer.from(text, 'latin1'))
    const expected = []
    for (const bytes of sent) {
      const response = await alone(sims.endpoints.webpush, bytes)
      expected.push({ status: response.status, body: response.body.toString() })
    }
    const connection = await rawConnect(sims.endpoints.webpush)
    connection.socket.write(Buffer.concat([...sent, ...sent]))
    const responses = await connection.responses(10)
    connection.socket.destroy()
    expect(responses.map((response) => ({ status: response.status, body: response.body.toString() }))).toEqual([...expected, ...expected])
  })

  it('an answer delayed by a latency fault still goes out before the answers to later requests', async () => {
    add({ type: 'latency', match: { target: 'tok-delayed-000000000000000' }, attributes: { distribution: { kind: 'fixed', ms: 300 } } })
    const mark = sims.ledger.recorded
    const connection = await rawConnect(sims.endpoints.fcm)
    const started = performance.now()
    connection.socket.write(Buffer.concat([fcmSend(message('tok-delayed-000000000000000')), fcmSend('{"message":{}}'), fcmSend(message('tok-prompt-0000000000000000'))]))
    // Nothing may come before the delayed first answer, although the others are decided at once.
    await delay(150)
    expect(connection.received()).toHaveLength(0)
    const responses = await connection.responses(3)
    expect(performance.now() - started).toBeGreaterThanOrEqual(290)
    expect(responses.map((response) => response.status)).toEqual([200, 400, 200])
    connection.socket.destroy()
    // The ledger records what reached the wire, in that order: the delayed answer first, though it was decided last.
    const entries = entriesSince(mark)
    expect(entries.map((entry) => entry.target || entry.response.status)).toEqual(['tok-delayed-000000000000000', 400, 'tok-prompt-0000000000000000'])
    expect(entries[0]!.wire.afterMs).toBeGreaterThanOrEqual(295)
  })

  it('a body-stage latency fault delays its body, and later answers wait for that body', async () => {
    add({ type: 'latency', match: { target: 'tok-slowbody-00000000000000' }, attributes: { distribution: { kind: 'fixed', ms: 250 }, stage: 'body' } })
    const connection = await rawConnect(sims.endpoints.fcm)
    connection.socket.write(Buffer.concat([fcmSend(message('tok-slowbody-00000000000000')), fcmSend('{"message":{}}')]))
    // The first head comes at once; its body and the second answer only later.
    const head = await connection.waitFor((data) => data.includes('\r\n\r\n'), 2_000)
    expect(head.toString('latin1')).toMatch(/^HTTP\/1\.1 200 OK\r\n[^]*\r\n\r\n$/)
    await delay(100)
    expect(connection.received().toString('latin1')).not.toContain('HTTP/1.1 400')
    const responses = await connection.responses(2)
    expect(responses.map(comparable)).toEqual([
      { status: 200, contentType: 'application/json; charset=UTF-8', json: { name: '<name>' } },
      expect.objectContaining({ status: 400 }),
    ])
    connection.socket.destroy()
  })

  it('a hang fault holds back every later answer on its connection, and other connections are unaffected', async () => {
    add({ type: 'hang', match: { target: 'tok-hang-0000000000000000' }, attributes: {} })
    const connection = await rawConnect(sims.endpoints.fcm)
    connection.socket.write(Buffer.concat([fcmSend(message('tok-hang-0000000000000000')), fcmSend('{"message":{}}')]))
    const other = await alone(sims.endpoints.fcm, fcmSend('{"message":{}}'))
    expect(other.status).toBe(400)
    await delay(200)
    expect(connection.received()).toHaveLength(0)
    expect(connection.isClosed()).toBe(false)
    const mark = sims.ledger.recorded
    connection.socket.destroy()
    // The client left: the hang and the answer queued behind it are recorded as abandoned then.
    await until(() => entriesSince(mark).length === 2)
    expect(entriesSince(mark).map((entry) => [entry.target || null, entry.delivery, entry.wire.outcome])).toEqual([
      ['tok-hang-0000000000000000', 'hang', 'abandoned'],
      [null, 'respond', 'abandoned'],
    ])
  })

  it('a reset fault resets the connection, and no answer comes after it', async () => {
    add({ type: 'reset', match: { target: 'tok-reset-000000000000000' }, attributes: {} })
    const mark = sims.ledger.recorded
    const connection = await rawConnect(sims.endpoints.fcm)
    let error: NodeJS.ErrnoException | undefined
    connection.socket.on('error', (e) => (error = e))
    connection.socket.write(fcmSend('{"message":{}}'))
    expect((await connection.responses(1)).map((response) => response.status)).toEqual([400])
    connection.socket.write(Buffer.concat([fcmSend(message('tok-reset-000000000000000')), fcmSend('{"message":{}}')]))
    await connection.closed()
    expect(error?.code).toBe('ECONNRESET')
    expect(parseResponses(connection.received())).toHaveLength(1)
    expect(entriesSince(mark).find((entry) => entry.target === 'tok-reset-000000000000000')?.delivery).toBe('reset')
    // The request pipelined behind the reset was never read, so it is not in the ledger either.
    expect(entriesSince(mark).map((entry) => entry.delivery)).toEqual(['respond', 'reset'])
    await stillServes()
  })

  it('a GOAWAY fault answers with Connection: close, and a request pipelined behind it is neither answered nor recorded', async () => {
    add({ type: 'goaway', match: { target: 'tok-goaway-00000000000000' }, attributes: { code: 'NO_ERROR' } })
    const mark = sims.ledger.recorded
    const connection = await rawConnect(sims.endpoints.fcm)
    connection.socket.write(Buffer.concat([fcmSend(message('tok-goaway-00000000000000')), fcmSend(message('tok-behind-goaway-00000000'))]))
    await connection.closed()
    expect(parseResponses(connection.received()).map((response) => [response.status, response.headers.connection])).toEqual([[200, 'close']])
    expect(entriesSince(mark).map((entry) => [entry.target, entry.delivery])).toEqual([['tok-goaway-00000000000000', 'goaway']])
    await stillServes()
  })

  it.each([
    ['reset', { type: 'reset', attributes: {} }, 'reset'],
    ['GOAWAY without an answer', { type: 'goaway', attributes: { lastStreamId: 0 } }, 'answered'],
  ])('a request pipelined behind a delayed %s was read, and is recorded as never answered', async (_name, fault, firstOutcome) => {
    const target = `tok-delayed-${fault.type}-000000000`
    add({ ...fault, match: { target } })
    add({ type: 'latency', match: { target }, attributes: { distribution: { kind: 'fixed', ms: 100 } } })
    const mark = sims.ledger.recorded
    const connection = await rawConnect(sims.endpoints.fcm)
    connection.socket.on('error', () => {})
    connection.socket.write(Buffer.concat([fcmSend(message(target)), fcmSend(message('tok-behind-delayed-00000000'))]))
    await connection.closed()
    await delay(20)
    const entries = entriesSince(mark)
    expect(entries.map((entry) => [entry.target, entry.wire.outcome])).toEqual([
      [target, firstOutcome],
      ['tok-behind-delayed-00000000', 'unanswered'],
    ])
    // The second was decided (the provider answered it) but nothing of it reached the client.
    expect(entries[1]).toMatchObject({ delivery: 'respond', response: { status: 0 }, wire: { status: 0, bytes: 0 } })
    await stillServes()
  })

  it('a Connection: close request is the last one read: its answer says close and later requests are neither answered nor recorded', async () => {
    const mark = sims.ledger.recorded
    const connection = await rawConnect(sims.endpoints.fcm)
    connection.socket.write(Buffer.concat([fcmSend('{"message":{}}'), fcmSend('{"message":{}}', { extra: 'Connection: close\r\n' }), fcmSend(message('tok-after-close-0000000000'))]))
    await connection.closed()
    const responses = parseResponses(connection.received())
    expect(responses.map((response) => [response.status, response.headers.connection])).toEqual([
      [400, 'keep-alive'],
      [400, 'close'],
    ])
    expect(responses[1]!.headers['keep-alive']).toBeUndefined()
    expect(entriesSince(mark)).toHaveLength(2)
  })

  it('a request sent after a Connection: close request whose answer is still delayed is not read', async () => {
    add({ type: 'latency', match: { target: 'tok-close-late-00000000000' }, attributes: { distribution: { kind: 'fixed', ms: 200 } } })
    const mark = sims.ledger.recorded
    const connection = await rawConnect(sims.endpoints.fcm)
    connection.socket.write(fcmSend(message('tok-close-late-00000000000'), { extra: 'Connection: close\r\n' }))
    await delay(50)
    connection.socket.write(fcmSend(message('tok-after-close-late-00000')))
    await connection.closed()
    expect(parseResponses(connection.received()).map((response) => [response.status, response.headers.connection])).toEqual([[200, 'close']])
    expect(entriesSince(mark).map((entry) => entry.target)).toEqual(['tok-close-late-00000000000'])
  })

  it('with 3,000 requests pipelined and a client that reads late, every answer comes back in order (backpressure)', async () => {
    const count = 3_000
    const connection = await rawConnect(sims.endpoints.fcm)
    connection.socket.pause()
    const requests = Array.from({ length: count }, (_, i) => `GET /bp-${i} HTTP/1.1\r\nHost: x\r\n\r\n`).join('')
    connection.socket.write(requests)
    await delay(200)
    connection.socket.resume()
    const responses = await connection.responses(count, 10_000)
    expect(responses).toHaveLength(count)
    const paths = responses.map((response) => /<code>(\/bp-\d+)<\/code>/.exec(response.body.toString())?.[1])
    expect(paths).toEqual(Array.from({ length: count }, (_, i) => `/bp-${i}`))
    connection.socket.destroy()
  })
})

describe('real clients', () => {
  it('curl with Expect: 100-continue gets 100 Continue, then FCM’s answer', async () => {
    const dir = sims.stateDir
    const file = join(dir, 'expect-body.json')
    writeFileSync(file, message('tok-curl-expect-0000000000'))
    const { stdout, stderr } = await run(
      'curl',
      ['-sS', '-v', '--max-time', '10', '--expect100-timeout', '8', '-o', '-', '-w', '\n%{http_code}', '-H', 'Expect: 100-continue', '-H', `Authorization: Bearer ${accessToken}`, '-H', 'Content-Type: application/json', '--data-binary', `@${file}`, sendUrl()],
      { timeout: 15_000 },
    )
    const [body, code] = [stdout.slice(0, stdout.lastIndexOf('\n')), stdout.slice(stdout.lastIndexOf('\n') + 1)]
    expect(code).toBe('200')
    expect(JSON.parse(body).name).toMatch(/^projects\/pushsim-demo\/messages\//)
    expect(stderr).toContain('> Expect: 100-continue')
    expect(stderr).toContain('< HTTP/1.1 100 Continue')
    expect(sims.ledger.query({ target: 'tok-curl-expect-0000000000' }).entries).toHaveLength(1)
  })

  it('curl uploads a chunked body', async () => {
    const file = join(sims.stateDir, 'chunked-body.json')
    const body = message('tok-curl-chunked-000000000')
    writeFileSync(file, body)
    const { stdout, stderr } = await run(
      'curl',
      ['-sS', '-v', '--max-time', '10', '-o', '/dev/null', '-w', '%{http_code}', '-H', 'Transfer-Encoding: chunked', '-H', `Authorization: Bearer ${accessToken}`, '-H', 'Content-Type: application/json', '--data-binary', `@${file}`, sendUrl()],
      { timeout: 15_000 },
    )
    expect(stdout).toBe('200')
    expect(stderr).toContain('> Transfer-Encoding: chunked')
    const [entry] = sims.ledger.query({ target: 'tok-curl-chunked-000000000' }).entries
    expect(entry!.request.body).toBe(body)
    expect(entry!.request.headers['transfer-encoding']).toBe('chunked')
    expect(entry!.request.headers['content-length']).toBeUndefined()
  })

  it('undici keeps one connection alive for 20 sequential requests', async () => {
    const dispatcher = new Agent({ connections: 1 })
    const mark = sims.ledger.recorded
    try {
      for (let i = 0; i < 20; i++) {
        const token = `tok-keepalive-${String(i).padStart(2, '0')}-00000000000`
        const response = await request(sendUrl(), { method: 'POST', headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' }, body: message(token), dispatcher })
        expect(response.statusCode).toBe(200)
        expect(response.headers.connection).toBe('keep-alive')
        expect(response.headers['keep-alive']).toBe('timeout=65')
        await response.body.json()
      }
    } finally {
      await dispatcher.close()
    }
    const entries = entriesSince(mark)
    expect(entries.map((entry) => entry.target)).toEqual(Array.from({ length: 20 }, (_, i) => `tok-keepalive-${String(i).padStart(2, '0')}-00000000000`))
    expect(new Set(entries.map((entry) => entry.connectionId)).size).toBe(1)
  })

  it('an undici Pool with pipelining 10 matches every answer to its request', async () => {
    const pool = new Pool(sims.endpoints.fcm, { connections: 1, pipelining: 10 })
    const mark = sims.ledger.recorded
    try {
      const answers = await Promise.all(
        Array.from({ length: 40 }, async (_, i) => {
          const valid = i % 3 !== 1
          const response = await pool.request({
            method: 'POST',
            path: SEND,
            headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
            body: valid ? message(`tok-pool-${String(i).padStart(2, '0')}-0000000000000000`) : `{"message":{"data":{"i":"${i}"}}}`,
          })
          const json = (await response.body.json()) as { name?: string; error?: { message: string } }
          return { i, valid, status: response.statusCode, json }
        }),
      )
      for (const answer of answers) {
        if (answer.valid) expect(answer).toMatchObject({ status: 200, json: { name: expect.stringMatching(/^projects\/pushsim-demo\/messages\//) } })
        else expect(answer).toMatchObject({ status: 400, json: { error: { message: 'Recipient of the message is not set.' } } })
      }
    } finally {
      await pool.close()
    }
    const entries = entriesSince(mark)
    expect(entries).toHaveLength(40)
    expect(new Set(entries.map((entry) => entry.connectionId)).size).toBe(1)
  })

  it('node:http with agent: false and Connection: close gets connection: close, and the socket closes', async () => {
    const outcome = await new Promise<{ status: number; connection: unknown; keepAlive: unknown; body: string; closed: boolean }>((resolve, reject) => {
      const req = httpRequest(sendUrl(), { method: 'POST', agent: false, headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json', connection: 'close' } }, (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk) => (body += chunk))
        res.on('end', () => {
          const socket = req.socket!
          const done = () => resolve({ status: res.statusCode!, connection: res.headers.connection, keepAlive: res.headers['keep-alive'], body, closed: socket.destroyed })
          if (socket.destroyed) return done()
          socket.once('close', done)
          setTimeout(done, 2_000) // still open by then: reported as not closed
        })
      })
      req.setTimeout(5_000, () => req.destroy(new Error('timed out')))
      req.on('error', reject)
      req.end(message('tok-node-http-close-00000'))
    })
    expect(outcome).toMatchObject({ status: 200, connection: 'close', keepAlive: undefined, closed: true })
    expect(JSON.parse(outcome.body).name).toMatch(/^projects\/pushsim-demo\/messages\//)
  })

  it('an HTTP/1.0 request without Host is answered with Connection: close and the server closes', async () => {
    const connection = await rawConnect(sims.endpoints.fcm)
    connection.socket.write(`GET /nowhere HTTP/1.0\r\n\r\n`)
    await connection.closed()
    const [response, ...rest] = parseResponses(connection.received())
    expect(rest).toEqual([])
    expect(response!.status).toBe(404)
    expect(response!.headers.connection).toBe('close')
  })

  it('an HTTP/1.0 request with Connection: keep-alive keeps the connection', async () => {
    const connection = await rawConnect(sims.endpoints.fcm)
    connection.socket.write(`GET /nowhere HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /nowhere HTTP/1.0\r\nConnection: keep-alive\r\n\r\n`)
    const responses = await connection.responses(2)
    expect(responses.map((response) => [response.status, response.headers.connection])).toEqual([
      [404, 'keep-alive'],
      [404, 'keep-alive'],
    ])
    await delay(50)
    expect(connection.isClosed()).toBe(false)
    connection.socket.destroy()
  })
})

describe('connection edges', () => {
  it('a client that writes its requests and half-closes still gets every answer, then the server ends', async () => {
    const connection = await rawConnect(sims.endpoints.fcm)
    connection.socket.end(Buffer.concat([fcmSend(message('tok-half-close-00000000000')), fcmSend('{"message":{}}')]))
    await connection.closed()
    expect(parseResponses(connection.received()).map(comparable)).toEqual([
      { status: 200, contentType: 'application/json; charset=UTF-8', json: { name: '<name>' } },
      expect.objectContaining({ status: 400 }),
    ])
  })

  it('a half-closed client still gets an answer a latency fault delays', async () => {
    add({ type: 'latency', match: { target: 'tok-half-close-late-000000' }, attributes: { distribution: { kind: 'fixed', ms: 150 } } })
    const connection = await rawConnect(sims.endpoints.fcm)
    connection.socket.end(fcmSend(message('tok-half-close-late-000000')))
    await connection.closed()
    expect(parseResponses(connection.received()).map((response) => response.status)).toEqual([200])
  })

  it('a HEAD request gets the head with its content-length and no body', async () => {
    const connection = await rawConnect(sims.endpoints.fcm)
    connection.socket.write(`HEAD /nowhere HTTP/1.1\r\nHost: x\r\n\r\nGET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n`)
    const [head, get] = await connection.responses(2, 5_000, (i) => i === 0)
    await delay(50)
    connection.socket.destroy()
    expect(get!.status).toBe(404)
    // Without the HEAD rule the first answer would have swallowed the second: see the bytes themselves.
    const raw = connection.received().toString('latin1')
    const firstHeadEnd = raw.indexOf('\r\n\r\n') + 4
    expect(raw.slice(0, 24)).toBe('HTTP/1.1 404 Not Found\r\n')
    expect(raw.slice(firstHeadEnd, firstHeadEnd + 24)).toBe('HTTP/1.1 404 Not Found\r\n')
    expect(Number(head!.headers['content-length'])).toBe(get!.body.length)
    expect(get!.body.length).toBeGreaterThan(0)
    expect(head!.body).toHaveLength(0)
    expect(head!.head.length + get!.head.length + get!.body.length).toBe(raw.length) // nothing else came
  })

  it('answers 431 to 20 KiB of headers and keeps serving', async () => {
    for (const url of [sims.endpoints.fcm, sims.endpoints.webpush]) {
      const connection = await rawConnect(url)
      connection.socket.write(`POST /x HTTP/1.1\r\nHost: x\r\n${`X-Filler: ${'f'.repeat(1000)}\r\n`.repeat(20)}\r\n`)
      await connection.closed()
      expect(connection.received().toString('latin1')).toBe('HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n\r\n')
    }
    await stillServes()
  })

  it('answers 505 to an HTTP/2 preface on the plain ports and keeps serving', async () => {
    for (const url of [sims.endpoints.fcm, sims.endpoints.webpush]) {
      const connection = await rawConnect(url)
      connection.socket.write('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n')
      await connection.closed()
      expect(connection.received().toString('latin1')).toBe('HTTP/1.1 505 HTTP Version Not Supported\r\nConnection: close\r\n\r\n')
    }
    await stillServes()
  })

  it('answers 400 to a bare LF at once and to a header value ending in a bare LF', async () => {
    for (const bytes of ['GET / HTTP/1.1\nHost: x', 'GET / HTTP/1.1\r\nHost: x\n\r\n\r\n']) {
      const connection = await rawConnect(sims.endpoints.fcm)
      connection.socket.write(bytes)
      await connection.closed()
      expect(connection.received().toString('latin1')).toBe('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n')
    }
  })

  it('answers the requests before a malformed one, then 400, then closes', async () => {
    const connection = await rawConnect(sims.endpoints.fcm)
    connection.socket.write(Buffer.concat([fcmSend('{"message":{}}'), Buffer.from('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab')]))
    await connection.closed()
    const responses = parseResponses(connection.received())
    expect(responses.map((response) => response.status)).toEqual([400, 400])
    expect(responses[1]!.head).toBe('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n')
  })

  it('a 2 MiB body in many small writes gets FCM’s answer, and the ledger keeps at most 64 KiB of it', async () => {
    const body = Buffer.alloc(2 * 1024 * 1024, 0x61)
    body.write('{"message":{"token":"', 0)
    const mark = sims.ledger.recorded
    const connection = await rawConnect(sims.endpoints.fcm)
    const bytes = fcmSend(body)
    for (let at = 0; at < bytes.length; at += 4096) {
      const piece = bytes.subarray(at, at + 4096)
      if (!connection.socket.write(piece)) await new Promise((resolve) => connection.socket.once('drain', resolve))
    }
    const [response] = await connection.responses(1, 10_000)
    connection.socket.destroy()
    const expected = await alone(sims.endpoints.fcm, bytes)
    expect(comparable(response!)).toEqual(comparable(expected))
    const [entry] = entriesSince(mark)
    expect(entry!.request.bodyLength).toBe(body.length)
    expect(Buffer.byteLength(entry!.request.body)).toBeLessThanOrEqual(64 * 1024)
    expect(entry!.request.body.startsWith('{"message":{"token":"aaaa')).toBe(true)
  })
})

describe('response head bytes', () => {
  it('a valid FCM send is answered with node:http’s framing headers', async () => {
    const response = await alone(sims.endpoints.fcm, fcmSend(message('tok-head-bytes-00000000000')))
    const head = response.head
    expect(head.startsWith('HTTP/1.1 200 OK\r\n')).toBe(true)
    expect(head).toMatch(/\r\ncontent-type: application\/json; charset=UTF-8\r\n/)
    expect(head).toMatch(new RegExp(`\\r\\ncontent-length: ${response.body.length}\\r\\n`))
    expect(head).toMatch(/\r\nDate: (Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT\r\n/)
    expect(head).toMatch(/\r\nConnection: keep-alive\r\nKeep-Alive: timeout=65\r\n\r\n$/)
    const date = Date.parse(/\r\nDate: ([^\r]+)\r\n/.exec(head)![1]!)
    expect(Math.abs(date - Date.now())).toBeLessThan(5_000)
    // Every line well formed, no header twice.
    const names = head.slice(0, -4).split('\r\n').slice(1).map((line) => {
      expect(line).toMatch(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+: [^\r\n]*$/)
      return line.slice(0, line.indexOf(':')).toLowerCase()
    })
    expect(new Set(names).size).toBe(names.length)
    expect(names.filter((name) => name === 'transfer-encoding')).toEqual([])
  })
})
