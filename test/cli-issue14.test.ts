/** Issue 14 §1: the CLI as a process meets taken ports, closed pipes, bad files and bad flags with a clear message and the right exit. */
import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCliProcess } from './support/cli-process.ts'
import { startTestSimulators } from './support/simulators.ts'
import { tempDir } from './support/temp-dir.ts'

let sims: Awaited<ReturnType<typeof startTestSimulators>>
beforeAll(async () => {
  sims = await startTestSimulators()
})
afterAll(async () => {
  await sims.stop()
})

describe('pushsim dispatcher serve', () => {
  it('exits 5 naming the port and --port when the port is taken', async () => {
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const port = (blocker.address() as AddressInfo).port
    try {
      const database = join(tempDir('pushsim-disp-'), 'd.db')
      const result = await runCliProcess(['dispatcher', 'serve', '--port', String(port), '--pushsim', sims.endpoints.admin, '--database', database])
      expect(result.signal).toBeNull()
      expect(result.code).toBe(5)
      expect(result.err).toContain(`port ${port}`)
      expect(result.err).toContain('--port')
      expect(result.err).not.toMatch(/\n\s+at /)
    } finally {
      blocker.close()
    }
  }, 30_000)
})

describe('a reader that goes away', () => {
  /** Spawns the CLI, closes its stdout pipe after the first chunk (as `| head -c 1` does), and returns its exit and stderr. */
  const closeAfterFirstChunk = (args: string[]) =>
    new Promise<{ code: number | null; err: string; first: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'harness/cli/main.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
      let err = ''
      let first = ''
      child.stderr.on('data', (chunk) => void (err += chunk))
      child.stdout.once('data', (chunk) => {
        first = String(chunk)
        child.stdout.destroy()
      })
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
      child.once('close', (code) => {
        clearTimeout(timer)
        resolve({ code, err, first })
      })
    })

  it('stops quietly with exit 0 when stdout is closed early', async () => {
    for (const args of [['errors', '--json'], ['errors'], ['--help']]) {
      const result = await closeAfterFirstChunk(args)
      expect(result.first.length, args.join(' ')).toBeGreaterThan(0)
      expect(result.err, args.join(' ')).toBe('')
      expect(result.code, args.join(' ')).toBe(0)
    }
  }, 60_000)
})

describe('pushsim token apns --credential', () => {
  const claims = (jwt: string) => jwt.split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>)

  it('signs with the .p8 that credentials apns printed, by bare name or path, and fails clearly otherwise', async () => {
    const made = await runCliProcess(['credentials', 'apns', '--json', '--admin', sims.endpoints.admin])
    expect(made.code).toBe(0)
    const { keyId, teamId, keyPath } = JSON.parse(made.out) as { keyId: string; teamId: string; keyPath: string }
    const base = ['token', 'apns', '--state-dir', sims.stateDir]

    for (const credential of [keyPath, keyPath.split('/').at(-1)!, `apns-${keyId}.json`]) {
      const signed = await runCliProcess([...base, '--credential', credential])
      expect(signed.err, credential).toBe('')
      expect(signed.code, credential).toBe(0)
      const [header, payload] = claims(signed.out.trim())
      expect(header).toMatchObject({ alg: 'ES256', kid: keyId })
      expect(payload).toMatchObject({ iss: teamId })
    }

    // A .p8 away from its apns-<keyId>.json needs --key-id and --team-id.
    const lone = join(tempDir('pushsim-p8-'), 'key.p8')
    writeFileSync(lone, readFileSync(keyPath))
    const unnamed = await runCliProcess([...base, '--credential', lone])
    expect(unnamed.code).toBe(2)
    expect(unnamed.err).toContain('--key-id and --team-id')
    const flagged = await runCliProcess([...base, '--credential', lone, '--key-id', 'KEY1234567', '--team-id', 'TEAM123456'])
    expect(flagged.code).toBe(0)
    expect(claims(flagged.out.trim())).toMatchObject([{ kid: 'KEY1234567' }, { iss: 'TEAM123456' }])

    for (const [credential, message] of [
      ['missing.p8', 'Failed to find credential missing.p8'],
      ['vapid.json', 'not an APNs credential'],
    ] as const) {
      const failed = await runCliProcess([...base, '--credential', credential])
      expect(failed.code, credential).toBe(2)
      expect(failed.err, credential).toContain(message)
      expect(failed.err, credential).not.toMatch(/SyntaxError|\n\s+at /)
    }
  }, 60_000)
})

describe('pushsim token fcm failures', () => {
  it("prints the token endpoint's code and message (never [object Object]) with exit 4, and exit 3 when unreachable", async () => {
    const base = ['token', 'fcm', '--state-dir', sims.stateDir]
    const added = sims.faults.add({ type: 'error', attributes: { code: 'UNAVAILABLE' }, match: { provider: 'fcm', route: '/token' } })
    expect(added.ok).toBe(true)
    try {
      const enveloped = await runCliProcess(base)
      expect(enveloped.code).toBe(4)
      expect(enveloped.err).toContain('HTTP 503 UNAVAILABLE: ')
      expect(enveloped.err).not.toContain('[object Object]')
    } finally {
      sims.faults.clear()
    }

    const defaults = JSON.parse(readFileSync(join(sims.stateDir, 'credentials', 'defaults.json'), 'utf8')) as { fcmPath: string }
    const account = JSON.parse(readFileSync(defaults.fcmPath, 'utf8')) as Record<string, string>
    const dir = tempDir('pushsim-sa-')
    writeFileSync(join(dir, 'ghost.json'), JSON.stringify({ ...account, client_email: 'ghost@x.iam.gserviceaccount.com' }))
    const oauth = await runCliProcess([...base, '--credential', join(dir, 'ghost.json')])
    expect(oauth.code).toBe(4)
    expect(oauth.err).toContain('HTTP 400 invalid_grant: Invalid grant: account not found.')

    writeFileSync(join(dir, 'closed.json'), JSON.stringify({ ...account, token_uri: 'http://127.0.0.1:9/token' }))
    const closed = await runCliProcess([...base, '--credential', join(dir, 'closed.json')])
    expect(closed.code).toBe(3)
    expect(closed.err).toContain('Failed to reach http://127.0.0.1:9/token')
  }, 60_000)
})

describe('pushsim serve --state-dir', () => {
  it('exits 5 naming the path and the reason when the state directory is under a file', async () => {
    const file = join(tempDir('pushsim-file-'), 'a-file')
    writeFileSync(file, 'not a directory')
    const ports = ['admin', 'apns', 'apns-h2c', 'fcm', 'fcm-tls', 'webpush', 'webpush-tls'].flatMap((name) => [`--${name}-port`, '0'])
    for (const stateDir of [join(file, 'state'), file]) {
      const result = await runCliProcess(['serve', '--state-dir', stateDir, ...ports])
      expect(result.code, stateDir).toBe(5)
      expect(result.err, stateDir).toContain(`Failed to use the state directory ${stateDir}`)
      expect(result.err, stateDir).toMatch(/is a file, not a directory|a file of that name is in the way/)
      expect(result.err, stateDir).not.toMatch(/internal error|\n\s+at /)
    }
  }, 40_000)
})
