/**
 * The other libraries of issue 13 §3, each an unmodified program run
 * through `pushsim exec --admin`: @parse/node-apn, node-pushnotifications and
 * @parse/push-adapter. They are not dev dependencies yet; each test skips,
 * naming the dev dependency to add, until it is installed.
 */
import { createRequire } from 'node:module'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LedgerEntry } from '../simulators/ledger/index.ts'
import { runCli } from './support/cli.ts'
import { execFixture } from './support/exec-process.ts'
import { startTestSimulators } from './support/simulators.ts'

const require = createRequire(import.meta.url)
const installed = (name: string): boolean => {
  try {
    require.resolve(name)
    return true
  } catch {
    return false
  }
}
/** The version `npm view` gave when these programs were written. */
const WANTED = { '@parse/node-apn': '8.1.0', 'node-pushnotifications': '6.0.0', '@parse/push-adapter': '8.5.5' } as const
const missing = (name: keyof typeof WANTED): string => (installed(name) ? '' : ` (skipped: add the dev dependency ${name}@${WANTED[name]})`)

let sims: Awaited<ReturnType<typeof startTestSimulators>>
let apnsEnv: Record<string, string>
const live = 'c1'.repeat(32)
const gone = 'c2'.repeat(32)

beforeAll(async () => {
  sims = await startTestSimulators({ seed: 'exec-more-libraries' })
  const { teamId, keyId, keyPath, topic } = sims.credentials.apns
  apnsEnv = { APNS_TEAM_ID: teamId, APNS_KEY_ID: keyId, APNS_KEY_FILE: keyPath, APNS_TOPIC: topic, DEVICE_TOKENS: `${live},${gone}` }
  const fault = await runCli(['faults', 'add', `apns:error=Unregistered:target=${gone}`, '--admin', sims.endpoints.admin])
  expect(fault.code, fault.err).toBe(0)
})

afterAll(async () => {
  await sims?.stop()
})

const apnsEntries = (after: number): LedgerEntry[] => sims.ledger.query({ afterSeq: after, provider: 'apns', limit: 100 }).entries

describe('libraries installed on demand, through pushsim exec', () => {
  it.skipIf(!installed('@parse/node-apn'))(`@parse/node-apn sends to api.push.apple.com and reports the 410 Unregistered${missing('@parse/node-apn')}`, async () => {
    const before = sims.ledger.recorded
    const run = await execFixture('parse-node-apn-send.cjs', { flags: ['--admin', sims.endpoints.admin], env: apnsEnv })
    expect(run.code, run.err).toBe(0)
    expect(run.printed).toEqual({ sent: [live], failed: [{ device: gone, status: 410, reason: 'Unregistered' }] })
    expect(apnsEntries(before).map((entry) => [entry.request.authority, entry.flavour, entry.response.status])).toEqual([
      ['api.push.apple.com', 'production', 200],
      ['api.push.apple.com', 'production', 410],
    ])
  }, 60_000)

  it.skipIf(!installed('node-pushnotifications'))(`node-pushnotifications reaches APNs and a web push service by their real hosts${missing('node-pushnotifications')}`, async () => {
    const made = sims.webpush.subscribe({ browser: 'firefox', origin: 'https://updates.push.services.mozilla.com', applicationServerKey: sims.credentials.vapid.publicKey })
    if (!made.ok) throw new Error(made.error.message)
    const before = sims.ledger.recorded
    const run = await execFixture('node-pushnotifications-send.cjs', {
      flags: ['--admin', sims.endpoints.admin],
      env: { ...apnsEnv, VAPID_PUBLIC_KEY: sims.credentials.vapid.publicKey, VAPID_PRIVATE_KEY: sims.credentials.vapid.privateKey, SUBSCRIPTIONS: JSON.stringify([made.value.subscription]) },
    })
    expect(run.code, run.err).toBe(0)
    const results = run.printed as { method: string; success: number; failure: number }[]
    // The second token fails either way: its 410, or REFUSED_STREAM when the library opens it beside the first
    // (APNs allows one stream until a connection's first valid token; node-apn 8.1.0 does not retry it).
    expect(results.find((result) => result.method === 'apn')).toMatchObject({ success: 1, failure: 1 })
    expect(results.find((result) => result.method === 'webPush')).toMatchObject({ success: 1, failure: 0 })
    const entries = sims.ledger.query({ afterSeq: before, limit: 100 }).entries
    expect(entries.map((entry) => entry.request.authority).sort()).toEqual(['api.push.apple.com', 'api.push.apple.com', 'updates.push.services.mozilla.com'])
  }, 60_000)

  it.skipIf(!installed('@parse/push-adapter'))(`@parse/push-adapter sends iOS through APNs and Android through FCM${missing('@parse/push-adapter')}`, async () => {
    const before = sims.ledger.recorded
    const token = 'bk3RNwTe3H0:CI2k_HHwgIpoDKCIZvvDMExUdFQ3P1-parse'
    const run = await execFixture('parse-push-adapter-send.cjs', { flags: ['--admin', sims.endpoints.admin], env: { ...apnsEnv, FCM_TOKENS: token } })
    expect(run.code, run.err).toBe(0)
    expect(run.printed).toEqual(
      expect.arrayContaining([
        { deviceType: 'ios', deviceToken: live, transmitted: true },
        { deviceType: 'ios', deviceToken: gone, transmitted: false },
        { deviceType: 'android', deviceToken: token, transmitted: true },
      ]),
    )
    const authorities = sims.ledger.query({ afterSeq: before, limit: 100 }).entries.map((entry) => entry.request.authority.replace(/:443$/, ''))
    expect(authorities).toEqual(expect.arrayContaining(['api.push.apple.com', 'oauth2.googleapis.com', 'fcm.googleapis.com']))
  }, 60_000)
})
