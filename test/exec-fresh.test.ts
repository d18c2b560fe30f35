/**
 * `pushsim exec` without --admin: fresh simulators on free ports for the
 * program alone, shaped by --state-dir and --fault, stopped when it exits;
 * the program's exit code is pushsim's. apns2, unmodified, against Apple's
 * production host.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulators } from '../simulators/serve.ts'
import { runCli } from './support/cli.ts'
import { runCliProcess } from './support/cli-process.ts'
import { execFixture, fixture } from './support/exec-process.ts'

const ANY_PORT = { admin: 0, apns: 0, apnsH2c: 0, fcm: 0, fcmTls: 0, webpush: 0, webpushTls: 0 }
const stateDir = mkdtempSync(join(tmpdir(), 'pushsim-exec-fresh-'))
const live = '1'.padStart(64, '0')
const gone = '2'.padStart(64, '0')
let apnsEnv: Record<string, string>

beforeAll(async () => {
  // The state directory a team keeps: its APNs key is what the program is configured with.
  const sims = await startSimulators({ stateDir, ports: ANY_PORT, seed: 'exec-fresh' })
  const { teamId, keyId, keyPath, topic } = sims.credentials.apns
  apnsEnv = { APNS_TEAM_ID: teamId, APNS_KEY_ID: keyId, APNS_KEY_FILE: keyPath, APNS_TOPIC: topic, DEVICE_TOKENS: `${live},${gone}` }
  await sims.close()
})

afterAll(() => rmSync(stateDir, { recursive: true, force: true }))

describe('pushsim exec with fresh simulators', () => {
  it('answers apns2 on api.push.apple.com, and an injected 410 reaches it as ApnsError Unregistered', async () => {
    const run = await execFixture('apns2-send.mjs', { flags: ['--state-dir', stateDir, '--fault', `apns:error=Unregistered:target=${gone}`], env: apnsEnv })

    expect(run.code, run.err).toBe(0)
    const [sent, refused] = run.printed as { sent: boolean; name?: string; statusCode?: number; reason?: string; timestamp?: number }[]
    expect(sent).toMatchObject({ token: live, sent: true })
    expect(refused).toMatchObject({ token: gone, sent: false, name: 'ApnsError', statusCode: 410, reason: 'Unregistered' })
    expect(refused!.timestamp).toEqual(expect.any(Number))

    const ledgerPath = join(stateDir, 'ledger.ndjson')
    expect(run.err).toContain(`pushsim exec: 2 exchanges recorded in ${ledgerPath}`)
    const lines = readFileSync(ledgerPath, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { provider: string; flavour: string; target: string; transport: string; request: { authority: string }; response: { status: number } })
    expect(lines.map((line) => [line.provider, line.flavour, line.request.authority, line.transport, line.target, line.response.status])).toEqual([
      ['apns', 'production', 'api.push.apple.com', 'h2', live, 200],
      ['apns', 'production', 'api.push.apple.com', 'h2', gone, 410],
    ])
  }, 60_000)

  it("passes the program's exit code on as its own", async () => {
    const failing = await runCliProcess(['exec', '--', process.execPath, fixture('exit-code.mjs'), '42'], { timeoutMs: 30_000 })
    expect(failing.code).toBe(42)
    expect(failing.err).toContain('exited with code 42')
  }, 60_000)

  it('asks for a program', async () => {
    const run = await runCli(['exec'])
    expect(run.code).toBe(2)
    expect(run.err).toContain('Name the program to run, after --')
  }, 60_000)
})
