/**
 * Campaign and device rules through the running dispatcher against the
 * simulators: two bounces suppress a device until it is identified again;
 * the frequency cap, DND discard and delay, TTL and the control group decide
 * what reaches a provider at all.
 */
import { describe, expect, it } from 'vitest'
import type { DispatcherApp } from '../dispatcher/app.ts'
import type { AudienceMember } from '../dispatcher/engine/intake.ts'
import type { Campaign, CampaignRules } from '../dispatcher/model/entities.ts'
import { useDispatcherAgainstSimulators } from './support/dispatcher.ts'
import { startTestSimulators } from './support/simulators.ts'

let sims: Awaited<ReturnType<typeof startTestSimulators>>
let app: DispatcherApp
let n = 0
useDispatcherAgainstSimulators((started, running) => {
  sims = started
  app = running
})

const apnsMember = (personId: string, token: string, timezone = 'UTC'): AudienceMember => ({
  person: { id: personId, properties: {}, timezone, test: false, unsubscribed: false },
  devices: [{ id: `${personId}-ios`, personId, channel: 'apns', platform: 'ios', address: { kind: 'token', token }, sdk: true, lastSeenAt: 1 }],
})

async function run(rules: CampaignRules, audience: AudienceMember[]) {
  const id = `r${++n}`
  const campaign: Campaign = { id, name: id, targeting: 'all-devices', profile: 'person-status', variants: [{ id: 'a', share: 1, content: { title: 't', body: 'b' } }], rules, createdAt: 0 }
  app.service.createCampaign(campaign)
  await app.dispatcher.send(id, audience)
  await app.dispatcher.settled(id)
  return { id, deliveries: app.dispatcher.store.deliveriesOf(id), messages: app.dispatcher.store.messagesOf(id) }
}

/** The dispatcher's run-clock hour in UTC now, so DND windows can be placed around or away from it. */
const hh = (offsetHours: number) => String((new Date(app.dispatcher.clock.now()).getUTCHours() + offsetHours + 24) % 24).padStart(2, '0')

describe('device management', () => {
  it('a second bounce in a row suppresses the device; identifying it again makes it sendable', async () => {
    const token = 'b0'.repeat(32)
    sims.apns.unregisterToken(token, 1_700_000_000_000)
    expect((await run({}, [apnsMember('bounce', token)])).deliveries[0]!.state).toBe('bounced')
    expect(app.dispatcher.store.getDevice('bounce-ios')).toMatchObject({ lastStatus: 'bounced', bounceStreak: 1 })
    expect((await run({}, [apnsMember('bounce', token)])).deliveries[0]!.state).toBe('bounced')
    expect(app.dispatcher.store.getDevice('bounce-ios')?.lastStatus).toBe('suppressed')
    const seenBefore = sims.ledger.count({ target: token })
    // Its only device suppressed, the person has no eligible device: Undeliverable, and nothing is sent (§7).
    const third = await run({}, [apnsMember('bounce', token)])
    expect(third.deliveries).toEqual([])
    expect(third.messages.map((m) => m.failure)).toEqual(['no_device'])
    const status = app.service.messages(third.id)
    expect(status.ok && status.value.map((m) => m.status)).toEqual(['Undeliverable'])
    expect(sims.ledger.count({ target: token })).toBe(seenBefore)
    sims.apns.removeToken(token)
    expect(app.service.identify(apnsMember('bounce', token))).toEqual({ ok: true, value: { devices: 1 } })
    expect((await run({}, [apnsMember('bounce', token)])).deliveries[0]!.state).toBe('accepted')
  })
})

describe('campaign rules', () => {
  it('the frequency cap stops a second notification on the same day, unless the campaign opts out', async () => {
    const member = apnsMember('capped', 'c0'.repeat(32))
    expect((await run({ frequencyCapPerDay: 1 }, [member])).deliveries[0]!.state).toBe('accepted')
    expect((await run({ frequencyCapPerDay: 1 }, [member])).deliveries[0]).toMatchObject({ state: 'suppressed', code: 'frequency_exceeded' })
    expect((await run({ frequencyCapPerDay: 1, capOptOut: true }, [member])).deliveries[0]!.state).toBe('accepted')
  })

  it('DND discards inside the window and leaves sends outside it alone', async () => {
    const inside = { start: `${hh(-1)}:00`, end: `${hh(2)}:00` }
    const discarded = await run({ dnd: { ...inside, mode: 'discard' } }, [apnsMember('dnd1', 'd1'.repeat(32))])
    expect(discarded.deliveries[0]).toMatchObject({ state: 'suppressed', code: 'dnd_discarded' })
    expect(sims.ledger.count({ target: 'd1'.repeat(32) })).toBe(0)
    const outside = await run({ dnd: { start: `${hh(3)}:00`, end: `${hh(5)}:00`, mode: 'discard' } }, [apnsMember('dnd2', 'd2'.repeat(32))])
    expect(outside.deliveries[0]!.state).toBe('accepted')
  })

  it('DND delay holds the delivery until the window ends', async () => {
    const id = `r${++n}`
    const campaign: Campaign = { id, name: id, targeting: 'all-devices', profile: 'person-status', variants: [{ id: 'a', share: 1, content: { title: 't', body: 'b' } }], rules: { dnd: { start: `${hh(-1)}:00`, end: `${hh(2)}:00`, mode: 'delay' } }, createdAt: 0 }
    app.service.createCampaign(campaign)
    await app.dispatcher.send(id, [apnsMember('dnd3', 'd3'.repeat(32))])
    const [delivery] = app.dispatcher.store.deliveriesOf(id)
    expect(delivery!.state).toBe('pending')
    const now = app.dispatcher.clock.now()
    const end = new Date(now)
    end.setUTCHours(Number(hh(2)), 0, 0, 0)
    if (end.getTime() < now) end.setUTCDate(end.getUTCDate() + 1)
    expect(delivery!.notBefore).toBe(end.getTime())
    expect(sims.ledger.count({ target: 'd3'.repeat(32) })).toBe(0)
  })

  it('a TTL that ran out before the delivery could go means no attempt at all', async () => {
    const expired = await run({ ttlSeconds: 0 }, [apnsMember('ttl', 'e0'.repeat(32))])
    expect(expired.deliveries[0]).toMatchObject({ state: 'expired', attempts: 0 })
    expect(sims.ledger.count({ target: 'e0'.repeat(32) })).toBe(0)
  })

  it('the control group receives nothing and is counted', async () => {
    const audience = Array.from({ length: 200 }, (_, i) => apnsMember(`ctl${i}`, `${(i + 16).toString(16).padStart(2, '0')}`.repeat(32)))
    const { id, messages, deliveries } = await run({ controlGroupShare: 0.25 }, audience)
    const held = messages.filter((m) => m.control)
    // 200 persons at 25 %: 50 expected, σ ≈ 6.1; within 4σ.
    expect(held.length).toBeGreaterThan(25)
    expect(held.length).toBeLessThan(75)
    expect(deliveries).toHaveLength(200 - held.length)
    const metrics = app.service.metrics(id, 'mobile', undefined)
    expect(metrics.ok && (metrics.value as { controlGroup: number }).controlGroup).toBe(held.length)
  })
})
