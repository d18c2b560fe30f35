import { existsSync, readFileSync } from 'node:fs'
import { Agent } from 'node:https'
import { join } from 'node:path'
import webpush, { type PushSubscription } from 'web-push'
import { describe, expect, it } from 'vitest'
import type { Audience, DeviceOfPerson, Person } from '../../scenarios/plan-types.ts'
import { startSimulators } from '../../simulators/serve.ts'
import { bookAudience, type AudienceBook } from './audience-book.ts'
import { watchWire } from './wire-watch.ts'
import { tempDir } from '../../test/support/temp-dir.ts'

describe('watchWire', () => {
  it('closes with a drain still scheduled without writing after the tracking file ended', async () => {
    const dir = tempDir('wire-watch-')
    const sims = await startSimulators({ stateDir: join(dir, 'sims'), ports: { admin: 0, apns: 0, apnsH2c: 0, fcm: 0, fcmTls: 0, webpush: 0, webpushTls: 0 }, seed: 'w' })
    const book = { byAddress: () => undefined } as unknown as AudienceBook
    const watch = watchWire(sims, book, join(dir, 'tracking.ndjson'))
    const uncaught: unknown[] = []
    const onUncaught = (error: unknown) => uncaught.push(error)
    process.on('uncaughtException', onUncaught)
    try {
      // An exchange recorded schedules a drain for a later turn; close() runs in the same turn, before it.
      const recorded = new Promise<void>((resolve) => sims.ledger.onAppend(() => resolve()))
      const answered = fetch(`${sims.endpoints.fcm}/v1/projects/p/messages:send`, { method: 'POST', body: '{}' }).then((response) => response.text())
      await recorded
      await watch.close()
      await new Promise((resolve) => setImmediate(resolve))
      await answered
    } finally {
      process.off('uncaughtException', onUncaught)
      await sims.close()
    }
    expect(uncaught).toEqual([])
    expect(existsSync(join(dir, 'tracking.ndjson'))).toBe(true)
    expect(readFileSync(join(dir, 'tracking.ndjson'), 'utf8')).toMatch(/"provider":"fcm"/)
  })
})

describe('a malformed web push subscription (an endpoint the service never issued)', () => {
  const CHANNELS = ['webpush-chrome', 'webpush-firefox', 'webpush-kaios', 'webpush-safari'] as const
  const device = (channel: (typeof CHANNELS)[number]): DeviceOfPerson => ({
    id: `p0-${channel}`, channel, token: `${channel}:x${channel.length}`, tokenState: 'malformed', sdk: true, optIn: true, appState: 'foreground', online: true, doze: false, lastUsedAt: '2026-01-01T00:00:00Z',
  })
  const person: Person = { index: 0, id: 'p0', name: 'P', locale: 'en-US', timezone: 'UTC', properties: {}, test: false, unsubscribed: false, devices: CHANNELS.map(device) }
  const audience: Audience = { size: 1, personAt: () => person, *[Symbol.iterator]() { yield person } }

  it('is answered in its service’s own 404 form, and its tracking id is still read with the device’s keys', async () => {
    const dir = tempDir('wire-watch-')
    const sims = await startSimulators({ stateDir: join(dir, 'sims'), ports: { admin: 0, apns: 0, apnsH2c: 0, fcm: 0, fcmTls: 0, webpush: 0, webpushTls: 0 }, seed: 'w' })
    const agent = new Agent({ ca: sims.tls.ca })
    const book = bookAudience(audience, sims)
    const watch = watchWire(sims, book, join(dir, 'tracking.ndjson'))
    try {
      const member = book.member(0) as { devices: { channel: string; address: PushSubscription & { p256dh: string; auth: string } }[] }
      for (const { channel, address } of member.devices) {
        expect(address.endpoint).toMatch(/-not-issued$/)
        const subscription = { endpoint: address.endpoint, keys: { p256dh: address.p256dh, auth: address.auth } }
        const payload = JSON.stringify({ title: 't', pushsim: { id: `d-${channel}`, token: 'tok' } })
        const refused = await webpush.sendNotification(subscription, payload, { vapidDetails: { subject: 'mailto:ops@example.com', publicKey: sims.credentials.vapid.publicKey, privateKey: sims.credentials.vapid.privateKey }, TTL: 60, agent }).then(
          () => undefined,
          (error: { statusCode?: number }) => error.statusCode,
        )
        expect(refused).toBe(404)
      }
    } finally {
      await watch.close()
      agent.destroy()
      await sims.close()
    }
    const ledger = readFileSync(join(dir, 'sims', 'ledger.ndjson'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { kind: string; seq: number; flavour: string | null; reason: string; response: { status: number } })
    const pushes = ledger.filter((entry) => entry.kind === 'exchange')
    // Each service's never-issued answer (protocols.md §3.4–3.6): Chrome's text 404, autopush errno 102, Apple's BadPath.
    expect(pushes.map((entry) => [entry.flavour, entry.response.status, entry.reason])).toEqual([
      ['chrome', 404, 'not-found:unknown-id'],
      ['firefox', 404, '102'],
      ['kaios', 404, '102'],
      ['safari', 404, 'BadPath'],
    ])
    const tracking = readFileSync(join(dir, 'tracking.ndjson'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { seq: number; deliveryId: string | null })
    expect(tracking.map((line) => line.deliveryId)).toEqual(CHANNELS.map((channel) => `d-${channel}`))
  })
})
