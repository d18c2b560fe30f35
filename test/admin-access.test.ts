/**
 * Who may use the admin API, over real sockets: with a token every request
 * needs `Authorization: Bearer <token>` (the CLI sends it), and the token
 * shows up nowhere; without one, an admin API beyond loopback is refused at
 * start, before anything listens. (No test binds beyond loopback.)
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { createServer, connect } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { renderBanner } from '../harness/cli/banner.ts'
import { startSimulators } from '../simulators/serve.ts'
import { runCli } from './support/cli.ts'
import { startTestSimulators } from './support/simulators.ts'
import { tempDir } from './support/temp-dir.ts'

const TOKEN = 'pst_4f1c9a0e7b2d-admin-token-under-test'

async function call(url: string, init: RequestInit = {}) {
  const response = await fetch(url, init)
  return { status: response.status, headers: response.headers, body: (await response.json()) as any }
}

/** Every file under `dir`, read as text. */
function filesUnder(dir: string): { path: string; text: string }[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [{ path, text: readFileSync(path, 'latin1') }]
  })
}

describe('an admin API started with a token', () => {
  let sims: Awaited<ReturnType<typeof startTestSimulators>>
  const bearer = { authorization: `Bearer ${TOKEN}` }
  beforeAll(async () => {
    sims = await startTestSimulators({ adminToken: TOKEN })
  })
  afterAll(() => sims?.stop())

  it('answers 401 UNAUTHENTICATED in the error envelope without the token, whatever the route', async () => {
    const envelope = (reason: string) => ({
      error: { code: 'UNAUTHENTICATED', message: `Failed to authenticate the admin request: ${reason}.`, hint: 'Send Authorization: Bearer <admin token> (the CLI: --admin-token or PUSHSIM_ADMIN_TOKEN).' },
    })
    const none = await call(`${sims.endpoints.admin}/`)
    expect(none.status).toBe(401)
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="pushsim-admin"')
    expect(none.body).toEqual(envelope('no Authorization header'))
    expect((await call(`${sims.endpoints.admin}/nope`)).status).toBe(401)
    expect((await call(`${sims.endpoints.admin}/ledger`, { headers: { authorization: `Basic ${Buffer.from(`admin:${TOKEN}`).toString('base64')}` } })).body).toEqual(envelope('the Authorization header is not a Bearer token'))
    const wrong = await call(`${sims.endpoints.admin}/ledger`, { headers: { authorization: `Bearer ${TOKEN.slice(0, -1)}` } })
    expect(wrong).toMatchObject({ status: 401, body: envelope('the bearer token is not the admin token') })
    expect(JSON.stringify(wrong.body)).not.toContain(TOKEN.slice(0, -1))
  })

  it('changes nothing for a request without the token', async () => {
    const refused = await call(`${sims.endpoints.admin}/webpush/subscriptions`, { method: 'POST', body: JSON.stringify({ browser: 'firefox' }) })
    expect(refused.status).toBe(401)
    expect(sims.webpush.listSubscriptions()).toEqual([])
    expect((await call(`${sims.endpoints.admin}/faults`, { method: 'POST', body: JSON.stringify({ type: 'hang' }) })).status).toBe(401)
    expect(sims.faults.list()).toEqual([])
  })

  it('serves every route with the token, and GET / says a token is needed without showing it', async () => {
    const root = await call(`${sims.endpoints.admin}/`, { headers: bearer })
    expect(root.status).toBe(200)
    expect(root.body.authentication).toBe('bearer')
    expect(JSON.stringify(root.body)).not.toContain(TOKEN)
    const made = await call(`${sims.endpoints.admin}/webpush/subscriptions`, { method: 'POST', headers: bearer, body: JSON.stringify({ browser: 'firefox' }) })
    expect(made.status).toBe(201)
    expect((await call(`${sims.endpoints.admin}/ledger`, { headers: { authorization: `bearer ${TOKEN}` } })).status).toBe(200)
  })

  it('the CLI sends the token from PUSHSIM_ADMIN_TOKEN or --admin-token, and says what to do without it', async () => {
    const admin = sims.endpoints.admin
    const viaEnv = await runCli(['subscribe', '--browser', 'kaios', '--json'], { PUSHSIM_ADMIN: admin, PUSHSIM_ADMIN_TOKEN: TOKEN })
    expect(viaEnv.code).toBe(0)
    expect(JSON.parse(viaEnv.out)).toMatchObject({ browser: 'kaios', state: 'active' })
    expect((await runCli(['tokens', 'apns', 'list', '--admin-token', TOKEN], { PUSHSIM_ADMIN: admin })).code).toBe(0)
    expect((await runCli(['faults', 'list', '--json'], { PUSHSIM_ADMIN: admin, PUSHSIM_ADMIN_TOKEN: TOKEN })).code).toBe(0)
    expect((await runCli(['ledger', '--json'], { PUSHSIM_ADMIN: admin, PUSHSIM_ADMIN_TOKEN: TOKEN })).code).toBe(0)
    expect((await runCli(['credentials', 'fcm', '--json'], { PUSHSIM_ADMIN: admin, PUSHSIM_ADMIN_TOKEN: TOKEN })).code).toBe(0)
    const without = await runCli(['ledger'], { PUSHSIM_ADMIN: admin })
    expect(without.code).toBe(4)
    expect(without.err).toContain('UNAUTHENTICATED: Failed to authenticate the admin request: no Authorization header.')
    expect(without.err).toContain(`hint: The simulators at ${admin} require their admin token: pass --admin-token or set PUSHSIM_ADMIN_TOKEN.`)
    // --help shows the flag, never the token the environment holds.
    const help = await runCli(['subscribe', '--help'], { PUSHSIM_ADMIN_TOKEN: TOKEN })
    expect(help.out).toContain('--admin-token')
    expect(help.out).not.toContain(TOKEN)
  })

  it('keeps the token out of the ledger, the banner and every file of the state directory', async () => {
    await sims.ledger.flush()
    sims.registry.flush()
    const ledger = await call(`${sims.endpoints.admin}/ledger?limit=10000`, { headers: bearer })
    expect(JSON.stringify(ledger.body)).not.toContain(TOKEN)
    for (const file of filesUnder(sims.stateDir)) expect(file.text, file.path).not.toContain(TOKEN)
    const banner = renderBanner(sims, process.cwd(), { tokenRequired: true })
    expect(banner).not.toContain(TOKEN)
    expect(banner).toContain(`curl -s -H "authorization: Bearer $PUSHSIM_ADMIN_TOKEN" '${sims.endpoints.admin}/ledger?limit=5'`)
    expect(banner).toContain('requires Authorization: Bearer <admin token>')
  })
})

describe('an admin API beyond loopback without a token', () => {
  const freePort = () =>
    new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number }
        server.close(() => resolve(port))
      })
    })
  const refusedOn = (port: number) =>
    new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1')
      socket.once('connect', () => (socket.destroy(), resolve(false)))
      socket.once('error', () => resolve(true))
    })

  it.each([
    ['--host', { host: '0.0.0.0' }, '0.0.0.0'],
    ['the admin host', { adminHost: '::' }, '::'],
    ['a host name', { host: 'pushsim.example.com' }, 'pushsim.example.com'],
  ])('is refused at start (%s), before anything listens or the state directory is made', async (_label, hosts, shown) => {
    const stateDir = join(tempDir('pushsim-exposed-'), 'state')
    const port = await freePort()
    const started = startSimulators({ ...hosts, stateDir, seed: 'exposed', ports: { admin: port, apns: 0, apnsH2c: 0, fcm: 0, fcmTls: 0, webpush: 0, webpushTls: 0 } })
    await expect(started).rejects.toMatchObject({
      code: 'ADMIN_TOKEN_REQUIRED',
      message: `Failed to start: the admin API would listen on ${shown}, beyond loopback, with no admin token; anyone who reaches it could read the ledger and register credentials.`,
      hint: expect.stringContaining('--admin-token or PUSHSIM_ADMIN_TOKEN'),
    })
    expect(await refusedOn(port)).toBe(true)
    expect(existsSync(stateDir)).toBe(false)
  })

  it('pushsim serve exits 5 naming the fix; a malformed token is a usage error', async () => {
    const stateDir = join(tempDir('pushsim-exposed-'), 'state')
    const ports = ['admin', 'apns', 'apns-h2c', 'fcm', 'fcm-tls', 'webpush', 'webpush-tls'].flatMap((name) => [`--${name}-port`, '0'])
    const exposed = await runCli(['serve', '--host', '0.0.0.0', '--state-dir', stateDir, ...ports])
    expect(exposed.code).toBe(5)
    expect(exposed.err).toContain('pushsim: Failed to start: the admin API would listen on 0.0.0.0, beyond loopback, with no admin token')
    expect(exposed.err).toContain('hint: Set an admin token (--admin-token or PUSHSIM_ADMIN_TOKEN')
    expect(exposed.err).toContain('--admin-host 127.0.0.1')
    const malformed = await runCli(['serve', '--admin-token', 'two words', '--state-dir', stateDir, ...ports])
    expect(malformed.code).toBe(2)
    expect(malformed.err).toContain('--admin-token: the admin token must be a bearer token')
    expect(malformed.err).not.toContain('two words')
    const fromEnv = await runCli(['serve', '--state-dir', stateDir, ...ports], { PUSHSIM_ADMIN_TOKEN: 'two words' })
    expect(fromEnv.code).toBe(2)
    expect(fromEnv.err).not.toContain('two words')
    expect(existsSync(stateDir)).toBe(false)
  })
})
