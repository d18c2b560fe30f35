/**
 * The run's collection of the dispatcher's devices (harness/run/collect-devices.ts)
 * against the reference dispatcher over HTTP: one line per device with its
 * last status, the same entries GET /devices gives; nothing (and a note)
 * when the list breaks off, so the oracle never judges a list cut short.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { DispatcherApp } from '../dispatcher/app.ts'
import { createDispatcherClient } from '../harness/contract/client.ts'
import { collectDevices, DEVICES_FILE } from '../harness/run/collect-devices.ts'
import { useDispatcherAgainstSimulators } from './support/dispatcher.ts'
import { tempDir } from './support/temp-dir.ts'

let app: DispatcherApp
useDispatcherAgainstSimulators((_, running) => (app = running), { http: { host: '127.0.0.1', port: 0 } })

const member = (person: string, devices: string[]) => ({
  person: { id: person, properties: {}, timezone: 'UTC', test: false, unsubscribed: false },
  devices: devices.map((id) => ({ id, personId: person, channel: 'apns', platform: 'ios', address: { kind: 'token', token: `${id}-token` }, sdk: true, lastSeenAt: 0 })),
})

describe('collecting the devices', () => {
  it('writes every device the dispatcher lists, one per line, with its last status', async () => {
    const client = createDispatcherClient(app.server!.url)
    for (const [person, devices] of [['p1', ['p1-a', 'p1-b']], ['p2', ['p2-a']]] as const) {
      const answer = await fetch(`${app.server!.url}/identify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(member(person, [...devices])) })
      expect(answer.status).toBe(200)
    }
    const dir = tempDir('pushsim-devices-')
    const ctx = { capabilities: new Set(['devices']), client, notes: [] as string[] }
    await collectDevices(ctx, dir)
    const lines = readFileSync(join(dir, DEVICES_FILE), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { id: string; personId: string; lastStatus: string })
    expect(lines.map(({ id, personId, lastStatus }) => [id, personId, lastStatus])).toEqual([['p1-a', 'p1', 'unused'], ['p1-b', 'p1', 'unused'], ['p2-a', 'p2', 'unused']])
    expect(ctx.notes).toEqual([])
    await client.close()
  })

  it('leaves no file, and a note, when the list breaks off; reads nothing without the capability', async () => {
    const client = createDispatcherClient(app.server!.url)
    const dir = tempDir('pushsim-devices-')
    const failing = { ...client, devicesPage: async () => ({ ok: false as const, error: { code: 'TIMEOUT' as const, message: 'the dispatcher did not answer' } }) }
    const ctx = { capabilities: new Set(['devices']), client: failing, notes: [] as string[] }
    await collectDevices(ctx, dir)
    expect(readdirSync(dir)).toEqual([])
    expect(ctx.notes).toEqual([expect.stringMatching(/devices.*did not answer/)])
    await collectDevices({ capabilities: new Set<string>(), client, notes: [] }, dir)
    expect(existsSync(join(dir, DEVICES_FILE))).toBe(false)
    await client.close()
  })
})
