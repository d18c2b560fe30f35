/**
 * A jump of the run clock makes due what it passes: a DND-delayed delivery
 * and a Retry-After wait are sent right after PUT /clock, against the real
 * simulators, whose clock jumps with the dispatcher's (one calendar per run),
 * and the FCM access token is fetched again once the jump has outlived it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DispatcherApp } from '../dispatcher/app.ts'
import type { Campaign } from '../dispatcher/model/entities.ts'
import { startTestSimulators } from './support/simulators.ts'
import { startTestDispatcher } from './support/dispatcher.ts'

let sims: Awaited<ReturnType<typeof startTestSimulators>>
let app: DispatcherApp
beforeAll(async () => {
  // Scale 1 on both sides: nothing is due by itself while the test runs, only by the jump.
  sims = await startTestSimulators()
  app = await startTestDispatcher(sims, { http: { host: '127.0.0.1', port: 0 } })
})
afterAll(async () => {
  await app?.close()
  await sims?.stop()
})

const MINUTE = 60_000
const hhmm = (epochMs: number) => new Date(epochMs).toISOString().slice(11, 16)

/** Both clocks to the same virtual instant, the dispatcher's over its HTTP API as a harness does. */
async function jumpTo(nowMs: number) {
  const simsSet = sims.clock.set({ now: nowMs })
  expect(simsSet.ok).toBe(true)
  const answer = await fetch(`${app.server!.url}/clock`, { method: 'PUT', body: JSON.stringify({ now: new Date(nowMs).toISOString() }) })
  expect(answer.status).toBe(200)
}

/** Resolves once the delivery is final, or fails after `wallMs` of real time. */
async function finalWithin(deliveryId: string, wallMs: number) {
  const deadline = Date.now() + wallMs
  for (;;) {
    const delivery = app.dispatcher.store.getDelivery(deliveryId)!
    if (delivery.state !== 'pending' && delivery.state !== 'attempting') return delivery
    if (Date.now() > deadline) throw new Error(`delivery ${deliveryId} still ${delivery.state} after ${wallMs} ms of wall time`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

const campaign = (id: string, rules: Campaign['rules']): Campaign => ({ id, name: id, targeting: 'all-devices', profile: 'mobile', variants: [{ id: 'a', share: 1, content: { title: 't', body: 'b' } }], rules, createdAt: 0 })
const member = (personId: string, channel: 'apns' | 'fcm', token: string) => ({
  person: { id: personId, properties: {}, timezone: 'UTC', test: false, unsubscribed: false },
  devices: [{ id: `${personId}-d`, personId, channel, platform: channel === 'apns' ? ('ios' as const) : ('android' as const), address: { kind: 'token' as const, token }, sdk: true, lastSeenAt: 1 }],
})

describe('a clock jump wakes the dispatcher', () => {
  it('sends a DND-delayed delivery right after a jump past the end of the window', async () => {
    const now = app.dispatcher.clock.now()
    // A window from a minute ago to a few minutes ahead (in UTC, the person's zone).
    app.dispatcher.createCampaign(campaign('dnd', { dnd: { start: hhmm(now - MINUTE), end: hhmm(now + 3 * MINUTE), mode: 'delay' } }))
    const token = 'dd'.repeat(32)
    await app.dispatcher.send('dnd', [member('night-owl', 'apns', token)])
    const [planned] = app.dispatcher.store.deliveriesOf('dnd')
    expect(planned).toMatchObject({ state: 'pending' })
    expect(planned!.notBefore).toBeGreaterThan(now + MINUTE)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(sims.ledger.count({ target: token })).toBe(0)

    await jumpTo(planned!.notBefore + 1_000)
    const sent = await finalWithin(planned!.id, 2_000)
    expect(sent).toMatchObject({ state: 'accepted', attempts: 1 })
    expect(sims.ledger.count({ target: token })).toBe(1)
  })

  it('ends a one-hour Retry-After wait at a jump, with a fresh FCM access token', async () => {
    const token = 'jump-retry:APA91b0000000000'
    const added = sims.faults.add({ type: 'error', match: { target: token }, schedule: { kind: 'first', attempts: 1 }, attributes: { code: 'QUOTA_EXCEEDED', retryAfterSeconds: 3_600 } })
    expect(added.ok).toBe(true)
    app.dispatcher.createCampaign(campaign('retry', {}))
    await app.dispatcher.send('retry', [member('patient', 'fcm', token)])
    const [delivery] = app.dispatcher.store.deliveriesOf('retry')
    const deadline = Date.now() + 2_000
    while (app.dispatcher.store.attemptsOf(delivery!.id)[0]?.finishedAt == null && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10))
    const [first] = app.dispatcher.store.attemptsOf(delivery!.id)
    expect(first).toMatchObject({ status: 429, retryAfterMs: 3_600_000 })
    const waiting = app.dispatcher.store.getDelivery(delivery!.id)!
    expect(waiting.state).toBe('pending')
    expect(waiting.notBefore).toBeGreaterThanOrEqual(first!.finishedAt! + 3_600_000)
    const tokenFetches = () => sims.ledger.count({ provider: 'fcm' }) - sims.ledger.count({ provider: 'fcm', pathPrefix: '/v1/' })
    expect(tokenFetches()).toBe(1)

    await jumpTo(waiting.notBefore + 1_000)
    expect(await finalWithin(delivery!.id, 2_000)).toMatchObject({ state: 'accepted', attempts: 2 })
    // The access token (expires_in ≈ 1 h of run time) did not outlive the jump: a second one was fetched.
    expect(tokenFetches()).toBe(2)
  })
})
