/**
 * Faults on the FCM and Web Push listeners, seen by undici: errors from the
 * catalogue with Retry-After, a 429 storm from a token bucket, 503, 503 then
 * success, an outage window, hangs past the client's timeout, resets, cut
 * bodies and slow connects.
 */
import { request as httpRequest } from 'node:http'
import { performance } from 'node:perf_hooks'
import { Agent, request } from 'undici'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startTestSimulators } from './support/simulators.ts'

let sims: Awaited<ReturnType<typeof startTestSimulators>>
let bearer: string
const SEND = '/v1/projects/pushsim-demo/messages:send'
const message = (token: string) => JSON.stringify({ message: { token, notification: { title: 'hi' } } })

beforeAll(async () => {
  sims = await startTestSimulators({ timeScale: 0.01 })
  const { fetchFcmAccessToken } = await import('../harness/cli/provider-tokens.ts')
  bearer = `Bearer ${await fetchFcmAccessToken(sims.credentials.fcm.serviceAccount)}`
})
afterAll(() => sims?.stop())
afterEach(() => sims.faults.clear())

const add = (fault: unknown) => {
  const added = sims.faults.add(fault)
  if (!added.ok) throw new Error(added.error.message)
  return added.value.map((f) => f.id!)
}

async function send(token: string, options: { dispatcher?: Agent } = {}) {
  const response = await request(`${sims.endpoints.fcm}${SEND}`, { method: 'POST', headers: { authorization: bearer, 'content-type': 'application/json' }, body: message(token), ...options })
  return { status: response.statusCode, headers: response.headers, body: await response.body.text() }
}

describe('FCM faults', () => {
  it('an error by FCM code answers its catalogue form, with Retry-After in virtual seconds (the run clock runs faster, not the values)', async () => {
    const [id] = add({ type: 'error', match: { target: 'tok-unavailable-00000000' }, attributes: { code: 'UNAVAILABLE', retryAfterSeconds: 3000 } })
    const answer = await send('tok-unavailable-00000000')
    expect(answer.status).toBe(503)
    expect(answer.headers['retry-after']).toBe('3000')
    expect(JSON.parse(answer.body).error).toMatchObject({ code: 503, status: 'UNAVAILABLE', details: [{ '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode: 'UNAVAILABLE' }] })
    expect(sims.ledger.query({ fault: id! }).entries[0]).toMatchObject({ reason: 'UNAVAILABLE', target: 'tok-unavailable-00000000', faults: [id] })
  })

  it('the first K attempts per token fail (503, 503, then success)', async () => {
    add({ type: 'error', match: { provider: 'fcm' }, schedule: { kind: 'first', attempts: 2 }, attributes: { code: 'UNAVAILABLE' } })
    const statuses = []
    for (let i = 0; i < 3; i++) statuses.push((await send('tok-flaky-000000000000000')).status)
    statuses.push((await send('tok-other-000000000000000')).status)
    expect(statuses).toEqual([503, 503, 200, 503])
  })

  it('a token bucket per project answers a 429 storm with QUOTA_EXCEEDED and Retry-After', async () => {
    add({ type: 'rate-limit', match: { provider: 'fcm', route: { pattern: 'messages:send' } }, attributes: { key: 'project', capacity: 3, refillPerSecond: 0.001 } })
    const answers = []
    for (let i = 0; i < 6; i++) answers.push(await send(`tok-storm-${i}-0000000000000000`))
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429, 429, 429])
    const limited = answers[3]!
    expect(JSON.parse(limited.body).error).toMatchObject({ code: 429, status: 'RESOURCE_EXHAUSTED', details: expect.arrayContaining([expect.objectContaining({ errorCode: 'QUOTA_EXCEEDED' })]) })
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1)
  })

  it('an outage window answers 503 only inside the window (0–10 s of virtual time at scale 0.05 is 500 ms of wall time)', async () => {
    const fresh = await startTestSimulators({ timeScale: 0.05, faults: [{ type: 'outage', match: { provider: 'fcm', route: { pattern: 'messages' } }, schedule: { kind: 'window', fromMs: 0, toMs: 10_000 }, attributes: { retryAfterSeconds: 20 } }] })
    try {
      const { fetchFcmAccessToken } = await import('../harness/cli/provider-tokens.ts')
      const auth = `Bearer ${await fetchFcmAccessToken(fresh.credentials.fcm.serviceAccount)}`
      const post = async () => (await request(`${fresh.endpoints.fcm}${SEND}`, { method: 'POST', headers: { authorization: auth }, body: message('tok-window-00000000000') })).statusCode
      expect(await post()).toBe(503)
      await new Promise((resolve) => setTimeout(resolve, 550)) // 10 s × 0.05 = 500 ms after start
      expect(await post()).toBe(200)
    } finally {
      await fresh.stop()
    }
  })

  it('latency at the body stage sends the headers at once and the body later', async () => {
    add({ type: 'latency', match: { target: 'tok-slowbody-000000000000' }, attributes: { distribution: { kind: 'fixed', ms: 20_000 }, stage: 'body' } })
    const response = await request(`${sims.endpoints.fcm}${SEND}`, { method: 'POST', headers: { authorization: bearer }, body: message('tok-slowbody-000000000000') })
    const headersAt = performance.now()
    expect(response.statusCode).toBe(200)
    const body = await response.body.text()
    // 20 s at time scale 0.01: the body comes ≥ 200 ms after the headers (timers never fire early).
    expect(performance.now() - headersAt).toBeGreaterThanOrEqual(190)
    expect(JSON.parse(body).name).toMatch(/^projects\/pushsim-demo\/messages\//)
  })

  it('hang: the client’s headers timeout fires', async () => {
    add({ type: 'hang', match: { target: 'tok-hang-0000000000000000' }, attributes: {} })
    const impatient = new Agent({ headersTimeout: 150 })
    await expect(send('tok-hang-0000000000000000', { dispatcher: impatient })).rejects.toMatchObject({ code: 'UND_ERR_HEADERS_TIMEOUT' })
    await impatient.close()
  })

  it('reset: the client sees the connection reset', async () => {
    add({ type: 'reset', match: { target: 'tok-reset-000000000000000' }, attributes: {} })
    await expect(send('tok-reset-000000000000000', { dispatcher: new Agent() })).rejects.toMatchObject({ code: expect.stringMatching(/ECONNRESET|UND_ERR_SOCKET/) })
  })

  it('close after N bytes: the client gets a truncated body and an error', async () => {
    add({ type: 'close', match: { target: 'tok-close-000000000000000' }, attributes: { afterBytes: 10 } })
    await expect(send('tok-close-000000000000000', { dispatcher: new Agent() })).rejects.toBeDefined()
    expect(sims.ledger.query({ target: 'tok-close-000000000000000' }).entries[0]!.faults).toHaveLength(1)
  })

  it('slow-connect holds a new connection before it is served, so a client timeout fires; the next one is on time', async () => {
    add({ type: 'slow-connect', match: { provider: 'fcm', connection: { from: 1 } }, probability: 1, attributes: { distribution: { kind: 'fixed', ms: 30_000 } } })
    // node:http's socket timeout is precise (undici's timers tick every ~500 ms): 30 s × 0.01 = 300 ms against 50 ms.
    const outcome = (timeoutMs: number) =>
      new Promise<string>((resolve) => {
        const req = httpRequest(`${sims.endpoints.fcm}${SEND}`, { method: 'POST', agent: false, headers: { authorization: bearer } }, (res) => {
          res.resume()
          resolve(`status ${res.statusCode}`)
        })
        req.setTimeout(timeoutMs, () => {
          req.destroy()
          resolve('client timeout')
        })
        req.on('error', () => {})
        req.end(message('tok-slow-0000000000000000'))
      })
    expect(await outcome(50)).toBe('client timeout')
    sims.faults.clear()
    expect(await outcome(5_000)).toBe('status 200')
  })
})

describe('Web Push faults', () => {
  it('a dashboard code answers in each flavour’s own form', async () => {
    add({ type: 'error', match: { provider: 'webpush' }, attributes: { code: 'browser_unsubscribed' } })
    const answers: Record<string, { status: number; body: string; cache?: unknown }> = {}
    for (const browser of ['chrome', 'firefox', 'safari'] as const) {
      const made = sims.webpush.subscribe({ browser, origin: sims.endpoints.webpush, applicationServerKey: sims.credentials.vapid.publicKey })
      if (!made.ok) throw new Error(made.error.message)
      const response = await request(made.value.subscription.endpoint, { method: 'POST', headers: { ttl: '60' } })
      answers[browser] = { status: response.statusCode, body: await response.body.text(), cache: response.headers['cache-control'] }
    }
    expect(answers.chrome).toEqual({ status: 410, body: 'push subscription has unsubscribed or expired.\n', cache: undefined })
    expect(answers.firefox!.status).toBe(410)
    expect(JSON.parse(answers.firefox!.body)).toMatchObject({ code: 410, errno: 103 })
    expect(answers.firefox!.cache).toBe('max-age=86400')
    expect(answers.safari!.status).toBe(410)
  })
})

describe('Web Push rate limits', () => {
  it('answer 429 with Retry-After in each flavour’s own form', async () => {
    add({ type: 'rate-limit', match: { provider: 'webpush' }, attributes: { key: 'target', capacity: 1, refillPerSecond: 0.001, retryAfterSeconds: 100 } })
    const seen: Record<string, { status: number[]; retryAfter: unknown; body: string }> = {}
    for (const browser of ['chrome', 'firefox', 'kaios', 'safari'] as const) {
      const made = sims.webpush.subscribe({ browser, origin: sims.endpoints.webpush, applicationServerKey: sims.credentials.vapid.publicKey })
      if (!made.ok) throw new Error(made.error.message)
      const statuses: number[] = []
      let last = { retryAfter: undefined as unknown, body: '' }
      for (let i = 0; i < 2; i++) {
        const response = await request(made.value.subscription.endpoint, { method: 'POST', headers: { ttl: '60' } })
        statuses.push(response.statusCode)
        last = { retryAfter: response.headers['retry-after'], body: await response.body.text() }
      }
      seen[browser] = { status: statuses, ...last }
    }
    // The first push spends the token and is answered by the core (401: no VAPID on a key-restricted subscription).
    for (const browser of ['chrome', 'firefox', 'kaios', 'safari']) {
      expect(seen[browser]!.status[1]).toBe(429)
      expect(seen[browser]!.retryAfter).toBe('100') // virtual seconds, whatever the time scale
    }
    expect(JSON.parse(seen.firefox!.body)).toMatchObject({ code: 429, errno: null, error: 'Too Many Requests' })
    expect(JSON.parse(seen.safari!.body)).toEqual({ reason: 'TooManyRequests' })
    expect(seen.chrome!.body).toBe('too many requests to this subscription.\n')
  })
})
