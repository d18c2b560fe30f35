/** The CLI as a user meets it: help, bad flags, exit codes, and every command against running simulators. */
import { execFile, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { renderBanner } from '../harness/cli/banner.ts'
import { runCli } from './support/cli.ts'
import { startTestSimulators } from './support/simulators.ts'
import { tempDir } from './support/temp-dir.ts'

describe('CLI without a simulator', () => {
  it('prints help for every command and exits 0', async () => {
    const top = await runCli(['--help'])
    expect(top.code).toBe(0)
    for (const command of ['serve', 'ca', 'credentials', 'subscribe', 'tokens', 'token', 'ledger']) expect(top.out).toContain(`pushsim ${command}`)
    const serve = await runCli(['serve', '--help'])
    expect(serve.out).toContain('--apns-port')
    expect(serve.out).toContain('--json')
  })

  it('answers bad flags and commands with a clear message and exit 2', async () => {
    expect(await runCli([])).toMatchObject({ code: 2, err: expect.stringContaining('Name a command') })
    expect(await runCli(['serv'])).toMatchObject({ code: 2, err: expect.stringContaining('Unknown argument: serv') })
    expect(await runCli(['serve', '--apns-port', '99999'])).toMatchObject({ code: 2, err: expect.stringContaining('--apns-port must be an integer ≥ 0 ≤ 65535, got "99999"') })
    expect(await runCli(['subscribe', '--browser', 'netscape'])).toMatchObject({ code: 2, err: expect.stringContaining('Invalid values') })
    expect(await runCli(['tokens', 'apns', 'unregister'])).toMatchObject({ code: 2, err: expect.stringContaining('needs a token') })
  })

  it('says the simulator is unreachable with exit 3 and a hint', async () => {
    const result = await runCli(['subscribe', '--browser', 'chrome', '--admin', 'http://127.0.0.1:9'])
    expect(result.code).toBe(3)
    expect(result.err).toContain('Failed to reach the pushsim admin API at http://127.0.0.1:9')
    expect(result.err).toContain('hint: Start the simulators with `npm run serve`')
  })

  it('prints the CA path, creating it', async () => {
    const dir = tempDir('pushsim-ca-')
    const result = await runCli(['ca', '--json', '--state-dir', dir])
    expect(JSON.parse(result.out)).toEqual({ caPath: join(dir, 'tls', 'ca.pem') })
    expect(readFileSync(join(dir, 'tls', 'ca.pem'), 'utf8')).toContain('BEGIN CERTIFICATE')
  })
})

describe('CLI against running simulators', () => {
  let sims: Awaited<ReturnType<typeof startTestSimulators>>
  let env: Record<string, string>
  beforeAll(async () => {
    sims = await startTestSimulators()
    env = { PUSHSIM_ADMIN: sims.endpoints.admin, PUSHSIM_STATE_DIR: sims.stateDir }
  })
  afterAll(() => sims?.stop())

  it('subscribes as each browser and prints a PushSubscription', async () => {
    for (const browser of ['chrome', 'firefox', 'kaios', 'safari']) {
      const result = await runCli(['subscribe', '--browser', browser, '--application-server-key', sims.credentials.vapid.publicKey], env)
      expect(result.code).toBe(0)
      const subscription = JSON.parse(result.out)
      expect(subscription).toEqual({ endpoint: expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+\//), expirationTime: null, keys: { p256dh: expect.any(String), auth: expect.any(String) } })
    }
  })

  it('creates credentials, manages tokens, mints tokens and reads the ledger', async () => {
    const apns = JSON.parse((await runCli(['credentials', 'apns', '--json', '--topic', 'com.example.cli'], env)).out)
    expect(apns).toMatchObject({ keyId: expect.stringMatching(/^[A-Z0-9]{10}$/), teamId: expect.stringMatching(/^[A-Z0-9]{10}$/), topic: 'com.example.cli' })
    const fcm = JSON.parse((await runCli(['credentials', 'fcm', '--json'], env)).out)
    expect(JSON.parse(readFileSync(fcm.path, 'utf8')).token_uri).toBe(sims.endpoints.oauthToken)
    const token = 'cd'.repeat(32)
    expect((await runCli(['tokens', 'apns', 'unregister', token, '--at', '1700000000000', '--json'], env)).out).toContain('"unregisteredAt":1700000000000')
    expect(JSON.parse((await runCli(['tokens', 'apns', 'list', '--json'], env)).out)).toContainEqual(expect.objectContaining({ token, state: 'unregistered' }))
    const jwt = (await runCli(['token', 'apns'], env)).out.trim()
    expect(jwt.split('.')).toHaveLength(3)
    const access = await runCli(['token', 'fcm', '--json'], env)
    expect(JSON.parse(access.out)).toEqual({ provider: 'fcm', token: expect.stringMatching(/^ya29\./) })
    const ledger = await runCli(['ledger', '--provider', 'fcm', '--json'], env)
    expect(JSON.parse(ledger.out).entries.some((e: { request: { path: string } }) => e.request.path === '/token')).toBe(true)
    const rejected = await runCli(['tokens', 'apns', 'register', 'zz', '--state', 'valid'], env)
    expect(rejected.code).toBe(4)
    // A flag of the other provider is a field the route does not take: refused, not ignored.
    const misplaced = await runCli(['tokens', 'fcm', 'register', 'abc:APA91bZ', '--topic', 'com.example.cli'], env)
    expect(misplaced).toMatchObject({ code: 4, err: expect.stringContaining('INVALID_ARGUMENT: Failed to read the request: topic: unknown field.') })
  })

  it('ledger shows what reached the client, and filters by outcome', async () => {
    const id = sims.faults.add({ type: 'hang', match: { provider: 'webpush' } })
    if (!id.ok) throw new Error(id.error.message)
    // A client that gives up after 100 ms on a hung push.
    await fetch(`${sims.endpoints.webpush}/wpush/v2/cli-hang`, { method: 'POST', body: 'x', signal: AbortSignal.timeout(100) }).catch(() => undefined)
    sims.faults.clear()
    let text = ''
    for (let tries = 0; tries < 50 && !text.includes('abandoned'); tries++) text = (await runCli(['ledger', '--outcome', 'abandoned', '--provider', 'webpush'], env)).out
    expect(text).toMatch(/POST \/wpush\/v2\/cli-hang {2}→ abandoned \((fin|tcp-reset)\) after \d+(\.\d+)? ms/)
    expect(text).toContain('1 matching')
    const bad = await runCli(['ledger', '--outcome', 'lost'], env)
    expect(bad.code).toBe(2)
  })

  it('subscribes with given keys and id (RFC 8291 Appendix A), naming what is missing', async () => {
    const rfc = { privateKey: 'q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94', p256dh: 'BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4', auth: 'BTBZMqHH6r4Tts7J_aSIgg' }
    const made = await runCli(['subscribe', '--browser', 'firefox', '--id', 'cli-rfc8291', '--private-key', rfc.privateKey, '--auth', rfc.auth, '--p256dh', rfc.p256dh, '--json'], env)
    expect(made.code).toBe(0)
    expect(JSON.parse(made.out)).toMatchObject({ id: 'cli-rfc8291', subscription: { keys: { p256dh: rfc.p256dh, auth: rfc.auth } } })
    expect(made.out).not.toContain(rfc.privateKey)
    const partial = await runCli(['subscribe', '--browser', 'firefox', '--private-key', rfc.privateKey], env)
    expect(partial).toMatchObject({ code: 4, err: expect.stringContaining('Failed to read the request: keys.auth: required.') })
    expect(partial.err).not.toContain(rfc.privateKey)
  })

  it('prints a new key once with --json, and only its path as text', async () => {
    const json = JSON.parse((await runCli(['credentials', 'apns', '--json'], env)).out)
    expect(json.key).toBe(readFileSync(json.keyPath, 'utf8'))
    const text = await runCli(['credentials', 'apns'], env)
    expect(text.out).toMatch(/^key id {3}[A-Z0-9]{10}\nteam id {2}[A-Z0-9]{10}\ntopic {4}com\.example\.pushsim\nkey {6}\S+\.p8\n$/)
    expect(text.out).not.toContain('PRIVATE KEY')
    const fcm = await runCli(['credentials', 'fcm'], env)
    expect(fcm.out).not.toContain('PRIVATE KEY')
  })

  it('prints a banner that names key files instead of printing keys, and whose web-push snippet works as pasted', async () => {
    const banner = renderBanner(sims, process.cwd())
    expect(banner).not.toContain(sims.credentials.vapid.privateKey)
    expect(banner).not.toContain('PRIVATE KEY')
    expect(banner).toContain(`VAPID  public ${sims.credentials.vapid.publicKey}, key pair `)
    const line = banner.split('\n').find((text) => text.trimStart().startsWith('NODE_EXTRA_CA_CERTS='))!.trim()
    const sub = (await runCli(['subscribe', '--browser', 'firefox', '--application-server-key', sims.credentials.vapid.publicKey], env)).out.trim()
    const status = await new Promise<string>((resolve, reject) =>
      execFile('sh', ['-c', line], { env: { ...process.env, SUB: sub }, cwd: process.cwd() }, (error, stdout) => (error ? reject(error) : resolve(stdout.trim()))),
    )
    expect(status).toBe('201')
  })

  it('names --admin and --state-dir in its snippets when they are not the defaults, so they work as pasted (issue 14 §1)', () => {
    // These simulators run on free ports in a temporary state directory.
    const banner = renderBanner(sims, process.cwd())
    expect(banner).toContain(`subscribe --browser firefox --application-server-key ${sims.credentials.vapid.publicKey} --admin ${sims.endpoints.admin}`)
    expect(banner).toMatch(new RegExp(`tokens apns unregister [0-9a-f]{64} --admin ${sims.endpoints.admin.replace(/[.]/g, '\\.')}`))
    expect(banner).toMatch(/token apns --state-dir \S+\)/)
    expect(banner).toMatch(/token fcm --state-dir \S+\)/)
  })
})

describe('pushsim serve as a process', () => {
  it('prints one JSON line once listening, survives SIGTERM with its ledger and registry, and restarts with them', async () => {
    const stateDir = tempDir('pushsim-serve-')
    const ports = ['admin', 'apns', 'apns-h2c', 'fcm', 'fcm-tls', 'webpush', 'webpush-tls'].flatMap((name) => [`--${name}-port`, '0'])
    const start = async () => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'harness/cli/main.ts', 'serve', '--json', '--state-dir', stateDir, '--seed', 'proc', ...ports], { stdio: ['ignore', 'pipe', 'pipe'] })
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout! }).once('line', resolve)
        child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)))
      })
      return { child, ready: JSON.parse(line) }
    }
    const stop = (child: ReturnType<typeof spawn>) => new Promise<number | null>((resolve) => child.once('exit', resolve).kill('SIGTERM'))

    const first = await start()
    expect(first.ready).toMatchObject({ seed: 'proc', stateDir, caPath: join(stateDir, 'tls', 'ca.pem'), ledgerPath: join(stateDir, 'ledger.ndjson') })
    expect(Object.keys(first.ready.endpoints).sort()).toEqual(['admin', 'apns', 'apnsH2c', 'fcm', 'fcmTls', 'oauthToken', 'webpush', 'webpushTls'])
    // No key material in the machine-readable start line.
    const vapid = JSON.parse(readFileSync(join(stateDir, 'credentials', 'vapid.json'), 'utf8')) as { privateKey: string }
    expect(JSON.stringify(first.ready)).not.toContain(vapid.privateKey)
    expect(JSON.stringify(first.ready)).not.toContain('PRIVATE KEY')
    const subscribed = (await (await fetch(`${first.ready.endpoints.admin}/webpush/subscriptions`, { method: 'POST', body: JSON.stringify({ browser: 'firefox' }) })).json()) as { id: string }
    const sent = await fetch(`${first.ready.endpoints.fcm}/v1/projects/p/messages:send`, { method: 'POST', body: '{}' })
    expect(sent.status).toBe(401)
    expect(await stop(first.child)).toBe(0)
    const lines = readFileSync(join(stateDir, 'ledger.ndjson'), 'utf8').trim().split('\n')
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ provider: 'fcm', response: { status: 401 } })

    const second = await start()
    const kept = await fetch(`${second.ready.endpoints.admin}/webpush/subscriptions/${subscribed.id}`)
    expect(kept.status).toBe(200)
    expect(await stop(second.child)).toBe(0)
  })
})
