/**
 * The simulators on the run's virtual clock, over real sockets: GET/PUT
 * /clock, a fault window crossed by a jump, Retry-After in virtual seconds,
 * credentials that expire when the clock jumps past their lifetime, and the
 * in-flight count a harness waits on.
 */
import { request } from 'undici'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { fetchFcmAccessToken } from '../harness/cli/provider-tokens.ts'
import { apnsJwt, apnsPush, apnsSession, TOKEN_A } from './support/apns-client.ts'
import { startTestSimulators } from './support/simulators.ts'

const HOUR = 3_600_000
const SEND = '/v1/projects/pushsim-demo/messages:send'
const message = (token: string) => JSON.stringify({ message: { token, notification: { title: 'hi' } } })

let sims: Awaited<ReturnType<typeof startTestSimulators>>
beforeAll(async () => {
  sims = await startTestSimulators({ timeScale: 0.01 })
})
afterAll(() => sims?.stop())
afterEach(() => sims.faults.clear())

async function admin(method: string, path: string, body?: unknown) {
  const response = await fetch(`${sims.endpoints.admin}${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })
  return { status: response.status, body: (await response.json()) as any }
}

async function sendFcm(bearer: string, token: string) {
  const response = await request(`${sims.endpoints.fcm}${SEND}`, { method: 'POST', headers: { authorization: bearer, 'content-type': 'application/json' }, body: message(token) })
  return { status: response.statusCode, headers: response.headers, body: await response.body.text() }
}

const add = (fault: unknown) => {
  const added = sims.faults.add(fault)
  if (!added.ok) throw new Error(added.error.message)
}

describe('GET/PUT /clock', () => {
  it('reads the run clock, lists the routes, jumps forward and changes the scale', async () => {
    const before = await admin('GET', '/clock')
    expect(before.status).toBe(200)
    expect(before.body).toMatchObject({ timeScale: 0.01, segments: [{ timeScale: 0.01 }] })
    expect(before.body.now).toBe(new Date(before.body.nowMs).toISOString())
    expect((await admin('GET', '/')).body.routes).toEqual(expect.arrayContaining([expect.objectContaining({ method: 'GET', path: '/clock' }), expect.objectContaining({ method: 'PUT', path: '/clock' })]))

    const target = new Date(before.body.nowMs + 24 * HOUR).toISOString()
    const jumped = await admin('PUT', '/clock', { now: target })
    expect(jumped.status).toBe(200)
    expect(jumped.body.nowMs).toBeGreaterThanOrEqual(Date.parse(target))
    expect(jumped.body.segments).toHaveLength(2)
    expect(sims.clock.now()).toBeGreaterThanOrEqual(Date.parse(target))

    const epoch = await admin('PUT', '/clock', { now: jumped.body.nowMs + HOUR, timeScale: 0.001 })
    expect(epoch.status).toBe(200)
    expect(epoch.body).toMatchObject({ timeScale: 0.001 })
    expect(sims.faults.timeScale).toBe(0.001)
    expect((await admin('PUT', '/clock', { timeScale: 0.01 })).body.timeScale).toBe(0.01)
  })

  it('refuses a backwards jump and a bad scale at once, naming both, and changes nothing', async () => {
    const before = sims.clock.state()
    const refused = await admin('PUT', '/clock', { now: '2020-01-01T00:00:00Z', timeScale: 2 })
    expect(refused.status).toBe(400)
    expect(refused.body.error.code).toBe('INVALID_ARGUMENT')
    expect(refused.body.error.message).toMatch(/never runs backwards/)
    expect(refused.body.error.message).toMatch(/timeScale must be a number in \(0, 1\], got 2/)
    expect(sims.clock.state().segments).toHaveLength(before.segments.length)
  })

  it('refuses unknown fields and instants it cannot read, like every admin route', async () => {
    const unknown = await admin('PUT', '/clock', { now: Date.now() + HOUR * 1000, speed: 2 })
    expect(unknown).toMatchObject({ status: 400, body: { error: { code: 'INVALID_ARGUMENT' } } })
    expect(unknown.body.error.message).toMatch(/speed: unknown field/)
    const unreadable = await admin('PUT', '/clock', { now: 'tomorrow', timeScale: 'fast' })
    expect(unreadable.status).toBe(400)
    expect(unreadable.body.error.message).toMatch(/now: expected an ISO 8601 instant/)
    expect(unreadable.body.error.message).toMatch(/timeScale: expected a number/)
    // A local time without a zone would depend on the caller's machine.
    expect((await admin('PUT', '/clock', { now: '2099-01-01T00:00:00' })).status).toBe(400)
  })
})

describe('time-dependent rules in virtual time', () => {
  it('a fault window opens and closes as the clock jumps through it', async () => {
    const bearer = `Bearer ${await fetchFcmAccessToken(sims.credentials.fcm.serviceAccount, sims.clock.now())}`
    const startedAt = sims.clock.now()
    // The window counts from the simulators' start; place it an hour and a half past now.
    const elapsed = startedAt - sims.clock.state().segments[0]!.virtualMs
    add({ type: 'outage', match: { provider: 'fcm' }, schedule: { kind: 'window', fromMs: elapsed + HOUR, toMs: elapsed + 2 * HOUR }, attributes: { retryAfterSeconds: 120 } })
    expect((await sendFcm(bearer, 'tok-window-000000000000')).status).toBe(200)
    sims.clock.set({ now: startedAt + 1.5 * HOUR })
    const during = await sendFcm(bearer, 'tok-window-000000000000')
    expect(during.status).toBe(503)
    expect(during.headers['retry-after']).toBe('120')
    sims.clock.set({ now: startedAt + 2.5 * HOUR })
    // The access token expired meanwhile (an hour of virtual time): a fresh one, then past the window.
    const fresh = `Bearer ${await fetchFcmAccessToken(sims.credentials.fcm.serviceAccount, sims.clock.now())}`
    expect((await sendFcm(fresh, 'tok-window-000000000000')).status).toBe(200)
  })

  it('a rate limit announces Retry-After in virtual seconds at time scale 0.01', async () => {
    const bearer = `Bearer ${await fetchFcmAccessToken(sims.credentials.fcm.serviceAccount, sims.clock.now())}`
    add({ type: 'rate-limit', match: { provider: 'fcm', route: { pattern: 'messages:send' } }, attributes: { key: 'project', capacity: 1, refillPerSecond: 1 / 60 } })
    expect((await sendFcm(bearer, 'tok-rate-00000000000000')).status).toBe(200)
    const limited = await sendFcm(bearer, 'tok-rate-00000000000000')
    expect(limited.status).toBe(429)
    // A token a minute: about 60 s (less the virtual seconds between the two sends), not 60 × 0.01.
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(50)
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60)
  })

  it('an FCM access token expires when the clock jumps two hours', async () => {
    const bearer = `Bearer ${await fetchFcmAccessToken(sims.credentials.fcm.serviceAccount, sims.clock.now())}`
    expect((await sendFcm(bearer, 'tok-oauth-0000000000000')).status).toBe(200)
    sims.clock.set({ now: sims.clock.now() + 2 * HOUR })
    const expired = await sendFcm(bearer, 'tok-oauth-0000000000000')
    expect(expired.status).toBe(401)
    expect(JSON.parse(expired.body).error).toMatchObject({ status: 'UNAUTHENTICATED' })
  })

  it('an APNs provider token older than an hour of virtual time is refused with ExpiredProviderToken', async () => {
    // Issued now on the run clock (tokens are checked against it, not the wall).
    const jwt = await apnsJwt(sims, sims.clock.now())
    const session = apnsSession(sims)
    try {
      expect((await apnsPush(session, jwt, TOKEN_A)).status).toBe(200)
      sims.clock.set({ now: sims.clock.now() + HOUR + 60_000 })
      const expired = await apnsPush(session, jwt, TOKEN_A)
      expect(expired.status).toBe(403)
      expect(JSON.parse(expired.body)).toEqual({ reason: 'ExpiredProviderToken' })
    } finally {
      session.close()
    }
  })
})

describe('Simulators.inFlight', () => {
  it('counts an exchange from its arrival until the ledger records it', async () => {
    const bearer = `Bearer ${await fetchFcmAccessToken(sims.credentials.fcm.serviceAccount, sims.clock.now())}`
    // 30 virtual seconds at 0.01: 300 ms on the wire.
    add({ type: 'latency', match: { target: 'tok-slow-00000000000000' }, attributes: { distribution: { kind: 'fixed', ms: 30_000 } } })
    expect(sims.inFlight()).toBe(0)
    const recorded = sims.ledger.recorded
    const pending = sendFcm(bearer, 'tok-slow-00000000000000')
    await until(() => sims.inFlight() === 1)
    expect((await pending).status).toBe(200)
    await until(() => sims.inFlight() === 0)
    expect(sims.ledger.recorded).toBe(recorded + 1)
  })
})

async function until(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
}
