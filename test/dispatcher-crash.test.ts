/**
 * kill -9 mid-campaign, then a restart: the campaign finishes with every
 * delivery accounted for exactly once (issue 4, §1 durable state).
 */
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DispatcherConfig } from '../dispatcher/app.ts'
import { openStore } from '../dispatcher/store/sqlite-store.ts'
import { startTestSimulators } from './support/simulators.ts'
import { tempDir } from './support/temp-dir.ts'

const PERSONS = 300
let sims: Awaited<ReturnType<typeof startTestSimulators>>
beforeAll(async () => {
  sims = await startTestSimulators()
  // Every send takes 5 ms, so the campaign is still running when the process is killed.
  sims.faults.add({ type: 'latency', match: { provider: 'fcm', route: { pattern: 'messages' } }, attributes: { distribution: { kind: 'fixed', ms: 5 } } })
})
afterAll(() => sims?.stop())

/** Runs the child dispatcher; SIGKILLs it as soon as `killWhen()` holds (polled every 2 ms). */
function run(config: DispatcherConfig, killWhen: () => boolean): Promise<{ killed: boolean; code: number | null }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/dispatcher-child.ts', JSON.stringify({ config, persons: PERSONS })], { stdio: ['ignore', 'pipe', 'inherit'] })
  child.stdout!.resume()
  let killed = false
  const poll = setInterval(() => {
    if (!killed && killWhen()) {
      killed = true
      child.kill('SIGKILL')
    }
  }, 2)
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearInterval(poll)
      resolve({ killed, code })
    }),
  )
}

const fcmSends = () => sims.ledger.count({ provider: 'fcm', pathPrefix: '/v1/' })

describe('a dispatcher killed mid-campaign', () => {
  it('resumes after a restart and accounts for every delivery exactly once', async () => {
    const database = join(tempDir('pushsim-crash-'), 'dispatcher.db')
    const { fcm } = sims.credentials
    const config: DispatcherConfig = {
      database,
      seed: 'crash',
      // Scale 1, as the simulators: one calendar for both (the OAuth assertion's iat is judged on it).
      settings: { timeScale: 1, concurrency: { apns: 8, fcm: 8, webpush: 8 } },
      providers: { fcm: { url: sims.endpoints.fcm, serviceAccount: fcm.serviceAccount }, ca: sims.tls.ca },
    }
    // Killed while sending is under way: once the provider has seen a fifth of the campaign.
    const first = await run(config, () => fcmSends() >= PERSONS / 5)
    expect(first.killed).toBe(true)
    const store = openStore(database)
    const mid = store.countByState('crash')
    store.close()
    expect(mid.accepted).toBeGreaterThan(0)
    expect(mid.accepted).toBeLessThan(PERSONS)

    const second = await run(config, () => false)
    expect(second).toEqual({ killed: false, code: 0 })

    const after = openStore(database)
    const deliveries = after.deliveriesOf('crash')
    const messages = after.messagesOf('crash')
    after.close()
    expect(messages).toHaveLength(PERSONS)
    expect(new Set(messages.map((m) => m.personId)).size).toBe(PERSONS)
    expect(deliveries).toHaveLength(PERSONS)
    expect(deliveries.every((d) => d.state === 'accepted')).toBe(true)
    // The provider got each delivery at least once; a second time only for an attempt in flight at the kill, with the same identity.
    const sent = sims.ledger.query({ provider: 'fcm', pathPrefix: '/v1/', status: 200, limit: 10_000 }).entries
    const perTarget = new Map<string, number>()
    for (const entry of sent) perTarget.set(entry.target!, (perTarget.get(entry.target!) ?? 0) + 1)
    expect(perTarget.size).toBe(PERSONS)
    const resent = [...perTarget.values()].filter((n) => n > 1).length
    expect(resent).toBeLessThanOrEqual(8) // at most the in-flight window at the moment of the kill
    expect(deliveries.filter((d) => d.attempts > 1).length).toBeGreaterThanOrEqual(resent)
  }, 60_000)
})
