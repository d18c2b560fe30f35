/**
 * The dispatcher's run clock and transactional sends over its HTTP API:
 * GET/PUT /clock (forward only once it holds a campaign, every problem named), the capabilities
 * /health announces, and POST /campaigns/{id}/sends (one message per key).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDispatcher, type DispatcherApp } from '../dispatcher/app.ts'
import { createVirtualClock } from '../dispatcher/engine/virtual-clock.ts'

const START = Date.UTC(2026, 2, 28, 22, 0)
let app: DispatcherApp
let base: string
beforeAll(async () => {
  // No providers: sends fail as credentials_not_found, which is enough to count messages.
  app = await startDispatcher({ database: ':memory:', seed: 'clock', providers: {}, http: { host: '127.0.0.1', port: 0 } }, createVirtualClock({ startMs: START }))
  base = app.server!.url
})
afterAll(() => app?.close())

const call = async (method: string, path: string, body?: unknown) => {
  const response = await fetch(`${base}${path}`, { method, ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }) })
  return { status: response.status, body: (await response.json()) as any }
}
const member = (personId: string) => ({ person: { id: personId, properties: {}, timezone: 'UTC' }, devices: [{ id: `${personId}-d`, channel: 'fcm', platform: 'android', address: { kind: 'token', token: `${personId}:APA91b000` } }] })

describe('GET/PUT /clock and /health', () => {
  it('announces its capabilities and the clock scale in its settings', async () => {
    const health = await call('GET', '/health')
    expect(health.body.capabilities).toEqual(expect.arrayContaining(['clock', 'identify', 'transactional', 'metrics-profiles']))
    expect(health.body.settings.timeScale).toBe(1)
  })

  it('reads the virtual now, jumps forward by ISO or epoch ms, and changes the scale', async () => {
    const read = await call('GET', '/clock')
    expect(read.status).toBe(200)
    expect(read.body.nowMs).toBeGreaterThanOrEqual(START)
    expect(read.body).toMatchObject({ now: new Date(read.body.nowMs).toISOString(), timeScale: 1 })
    const jumped = await call('PUT', '/clock', { now: '2026-03-29T09:00:00Z' })
    expect(jumped).toMatchObject({ status: 200, body: { nowMs: Date.UTC(2026, 2, 29, 9), timeScale: 1 } })
    const faster = await call('PUT', '/clock', { now: Date.UTC(2026, 2, 30), timeScale: 0.5 })
    expect(faster.body).toMatchObject({ nowMs: Date.UTC(2026, 2, 30), timeScale: 0.5 })
    expect((await call('GET', '/health')).body.settings.timeScale).toBe(0.5)
    expect((await call('PUT', '/clock', { timeScale: 1 })).body.timeScale).toBe(1)
  })

  it('may be set back while it holds no campaign (a run starts its calendar in the past), never after', async () => {
    const back = await call('PUT', '/clock', { now: '2026-03-01T00:00:00Z' })
    expect(back).toMatchObject({ status: 200, body: { nowMs: Date.UTC(2026, 2, 1) } })
    expect((await call('PUT', '/clock', { now: '2026-03-30T00:00:00Z' })).status).toBe(200)
    const campaign = { id: 'clock-holder', name: 'Holds the clock', targeting: 'all-devices', profile: 'person-status', variants: [{ id: 'a', share: 1, content: { title: 'T', body: 'B' } }], rules: {} }
    expect((await call('POST', '/campaigns', campaign)).status).toBe(201)
    const refused = await call('PUT', '/clock', { now: '2026-03-01T00:00:00Z' })
    expect(refused.status).toBe(400)
    expect(refused.body.error.message).toContain('never runs backwards')
  })

  it('refuses a backwards jump, a bad scale and an unknown field in one answer, and changes nothing', async () => {
    const before = (await call('GET', '/clock')).body
    const refused = await call('PUT', '/clock', { now: '2026-01-01T00:00:00Z', timeScale: 2, speed: 3 })
    expect(refused.status).toBe(400)
    expect(refused.body.error.code).toBe('INVALID_ARGUMENT')
    for (const problem of ['speed: unknown field', 'never runs backwards', 'timeScale must be a number in (0, 1], got 2']) expect(refused.body.error.message).toContain(problem)
    expect((await call('PUT', '/clock', { now: '2026-04-01 10:00' })).body.error.message).toContain('now: expected an ISO 8601 instant')
    expect((await call('PUT', '/clock', 'not json')).status).toBe(400)
    const after = (await call('GET', '/clock')).body
    expect(after.timeScale).toBe(before.timeScale)
    expect(after.nowMs - before.nowMs).toBeLessThan(5_000)
  })
})

describe('POST /campaigns/{id}/sends', () => {
  beforeAll(async () => {
    const campaign = { id: 'tx', name: 'Transactional', targeting: 'all-devices', profile: 'person-status', variants: [{ id: 'a', share: 1, content: { title: 'Code', body: '1234' } }], rules: {} }
    expect((await call('POST', '/campaigns', campaign)).status).toBe(201)
  })

  it('plans one message per key: the same key answers the same message, another key plans another', async () => {
    const first = await call('POST', '/campaigns/tx/sends', { key: 'order-1', member: member('ada') })
    expect(first).toMatchObject({ status: 201, body: { messageId: expect.any(String), deliveries: 1, duplicate: false } })
    const again = await call('POST', '/campaigns/tx/sends', { key: 'order-1', member: member('ada') })
    expect(again.body).toEqual({ messageId: first.body.messageId, deliveries: 1, duplicate: true })
    const second = await call('POST', '/campaigns/tx/sends', { key: 'order-2', member: member('ada') })
    expect(second.body).toMatchObject({ deliveries: 1, duplicate: false })
    expect(second.body.messageId).not.toBe(first.body.messageId)
    const messages = (await call('GET', '/campaigns/tx/messages')).body as { messageId: string; personId: string }[]
    expect(messages.map((m) => m.messageId).sort()).toEqual([first.body.messageId, second.body.messageId].sort())
    expect(messages.every((m) => m.personId === 'ada')).toBe(true)
    // The audience stream still plans its own one message for the person beside the transactional ones.
    const audience = await call('POST', '/campaigns/tx/audience', JSON.stringify(member('ada')) + '\n')
    expect(audience.body).toEqual({ persons: 1, messages: 1, duplicates: 0 })
  })

  it('derives the ids from the seed, the campaign and the key', () => {
    const sent = app.service.sendTransactional('tx', { key: 'order-1', member: member('ada') })
    const other = app.service.sendTransactional('tx', { key: 'order-3', member: member('bob') })
    expect(sent.ok && other.ok && sent.value.messageId !== other.value.messageId).toBe(true)
    expect(sent.ok && sent.value.duplicate).toBe(true)
  })

  it('keeps the frequency cap for transactional messages unless the campaign opts out', async () => {
    for (const [id, capOptOut] of [['capped', false], ['opted-out', true]] as const) {
      const campaign = { id, name: id, targeting: 'all-devices', profile: 'person-status', variants: [{ id: 'a', share: 1, content: { title: 't', body: 'b' } }], rules: { frequencyCapPerDay: 1, capOptOut } }
      expect((await call('POST', '/campaigns', campaign)).status).toBe(201)
      await call('POST', `/campaigns/${id}/sends`, { key: 'k1', member: member(`cap-${id}`) })
      await call('POST', `/campaigns/${id}/sends`, { key: 'k2', member: member(`cap-${id}`) })
      const codes = ((await call('GET', `/campaigns/${id}/deliveries`)).body as { code: string | null }[]).map((d) => d.code)
      expect(codes.includes('frequency_exceeded'), id).toBe(!capOptOut)
    }
  })

  it('names every problem of a bad send, 404s an unknown campaign, 409s a key reused for another person', async () => {
    const bad = await call('POST', '/campaigns/tx/sends', { key: '', member: { person: { id: 'x' }, devices: [] }, extra: 1 })
    expect(bad.status).toBe(400)
    for (const problem of ['key: expected a non-empty string', 'extra: unknown field', 'member: person.timezone']) expect(bad.body.error.message).toContain(problem)
    expect((await call('POST', '/campaigns/nope/sends', { key: 'k', member: member('ada') })).status).toBe(404)
    const reused = await call('POST', '/campaigns/tx/sends', { key: 'order-1', member: member('eve') })
    expect(reused.status).toBe(409)
    expect(reused.body.error.code).toBe('CONFLICT')
  })
})
