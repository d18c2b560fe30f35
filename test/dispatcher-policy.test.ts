/**
 * The dispatcher's retry policy proven against injected provider faults
 * (push-semantics §2, §4): attempt limits, no retry after a dead address or
 * bad message, Retry-After honoured, hung providers timing out, expired
 * credentials refreshed once.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { DispatcherApp } from '../dispatcher/app.ts'
import type { AudienceMember } from '../dispatcher/engine/intake.ts'
import type { Campaign } from '../dispatcher/model/entities.ts'
import { useDispatcherAgainstSimulators } from './support/dispatcher.ts'
import { startTestSimulators } from './support/simulators.ts'

let sims: Awaited<ReturnType<typeof startTestSimulators>>
let app: DispatcherApp
let campaigns = 0

useDispatcherAgainstSimulators((started, running) => {
  sims = started
  app = running
})
afterEach(() => sims.faults.clear())

/** Sends a one-person campaign to one device and waits until its delivery is final. */
async function sendTo(channel: 'apns' | 'fcm', token: string) {
  const id = `c${++campaigns}`
  const campaign: Campaign = { id, name: id, targeting: 'all-devices', profile: 'mobile', variants: [{ id: 'a', share: 1, content: { title: 't', body: 'b' } }], rules: {}, createdAt: 0 }
  app.service.createCampaign(campaign)
  const member: AudienceMember = {
    person: { id: `p-${id}`, properties: {}, timezone: 'UTC', test: false, unsubscribed: false },
    devices: [{ id: `d-${id}`, personId: `p-${id}`, channel, platform: channel === 'apns' ? 'ios' : 'android', address: { kind: 'token', token }, sdk: true, lastSeenAt: 1 }],
  }
  await app.dispatcher.send(id, [member])
  await app.dispatcher.settled(id)
  const [delivery] = app.dispatcher.store.deliveriesOf(id)
  return { delivery: delivery!, attempts: app.dispatcher.store.attemptsOf(delivery!.id) }
}

const fault = (spec: unknown) => {
  const added = sims.faults.add(spec)
  if (!added.ok) throw new Error(added.error.message)
}

describe('retries', () => {
  it('a transient error is retried until it succeeds (503, 503, then accepted), reusing the apns-id', async () => {
    const token = '01'.repeat(32)
    fault({ type: 'error', match: { target: token }, schedule: { kind: 'first', attempts: 2 }, attributes: { code: 'ServiceUnavailable' } })
    const { delivery, attempts } = await sendTo('apns', token)
    expect(delivery).toMatchObject({ state: 'accepted', attempts: 3 })
    expect(attempts.map((a) => a.status)).toEqual([503, 503, 200])
    const ids = sims.ledger.query({ target: token }).entries.map((e) => e.request.headers['apns-id'])
    expect(new Set(ids)).toEqual(new Set([delivery.providerId]))
  })

  it('never makes more than 1 + the channel’s retry limit attempts (APNs: 10)', async () => {
    const token = '02'.repeat(32)
    fault({ type: 'error', match: { target: token }, attributes: { code: 'InternalServerError' } })
    const { delivery } = await sendTo('apns', token)
    expect(delivery).toMatchObject({ state: 'failed', attempts: 11, code: 'apns_unknown', errorClass: 'transient' })
    expect(sims.ledger.count({ target: token })).toBe(11)
  })

  it('does not retry a dead address: 410 bounces the delivery and marks the device', async () => {
    const token = '03'.repeat(32)
    sims.apns.unregisterToken(token, 1_700_000_000_000)
    const { delivery } = await sendTo('apns', token)
    expect(delivery).toMatchObject({ state: 'bounced', attempts: 1, errorClass: 'dead-address' })
    expect(app.dispatcher.store.getDevice(delivery.deviceId)?.lastStatus).toBe('bounced')
    expect(sims.ledger.count({ target: token })).toBe(1)
  })

  it('does not retry a bad message', async () => {
    const { delivery } = await sendTo('fcm', 'bad-msg:APA91b0000000000')
    const again = await (async () => {
      fault({ type: 'error', match: { target: 'bad-arg:APA91b0000000000' }, attributes: { code: 'INVALID_ARGUMENT' } })
      return sendTo('fcm', 'bad-arg:APA91b0000000000')
    })()
    expect(delivery.state).toBe('accepted')
    expect(again.delivery).toMatchObject({ state: 'failed', attempts: 1, errorClass: 'bad-message' })
  })

  it('honours Retry-After: the next attempt is not sooner than the provider asked', async () => {
    const token = 'retry-after:APA91b0000000000'
    // Retry-After is in the run's virtual seconds, never scaled by the simulators: 3 on the wire.
    fault({ type: 'error', match: { target: token }, schedule: { kind: 'first', attempts: 1 }, attributes: { code: 'QUOTA_EXCEEDED', retryAfterSeconds: 3 } })
    const { delivery, attempts } = await sendTo('fcm', token)
    expect(delivery.state).toBe('accepted')
    expect(attempts[0]).toMatchObject({ status: 429, retryAfterMs: 3000 })
    expect(attempts[1]!.startedAt - attempts[0]!.finishedAt!).toBeGreaterThanOrEqual(3000)
  }, 20_000)

  it('a hung provider times out at the configured read timeout and the attempt is retried', async () => {
    const token = '04'.repeat(32)
    fault({ type: 'hang', match: { target: token }, schedule: { kind: 'first', attempts: 1 }, attributes: {} })
    const { delivery, attempts } = await sendTo('apns', token)
    expect(delivery.state).toBe('accepted')
    expect(attempts[0]!.code).toMatch(/read-timeout/)
    // APNs read timeout 30 s of run-clock time (300 ms of wall at scale 0.01); timers never fire early.
    expect(attempts[0]!.finishedAt! - attempts[0]!.startedAt).toBeGreaterThanOrEqual(29_900)
  })

  it('an expired credential is refreshed once, then the send succeeds', async () => {
    const token = '05'.repeat(32)
    fault({ type: 'error', match: { target: token }, schedule: { kind: 'first', attempts: 1 }, attributes: { code: 'ExpiredProviderToken' } })
    const { delivery, attempts } = await sendTo('apns', token)
    expect(delivery).toMatchObject({ state: 'accepted', attempts: 2 })
    expect(attempts.map((a) => a.errorClass)).toEqual(['credentials', null])
  })

  it('a credential that stays expired fails after one refresh', async () => {
    const token = '06'.repeat(32)
    fault({ type: 'error', match: { target: token }, attributes: { code: 'ExpiredProviderToken' } })
    const { delivery } = await sendTo('apns', token)
    expect(delivery).toMatchObject({ state: 'failed', attempts: 2, errorClass: 'credentials' })
  })
})
