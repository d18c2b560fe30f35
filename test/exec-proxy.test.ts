/**
 * The CONNECT proxy for programs not on Node: a tunnel to a provider's host
 * reaches the simulator that plays it with the client's TLS end to end
 * (curl, and undici's ProxyAgent); any other host is refused; and
 * `pushsim exec --proxy` sets HTTPS_PROXY and the CA variables a program
 * that knows nothing of pushsim reads.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { importPKCS8, SignJWT } from 'jose'
import { ProxyAgent, request } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startConnectProxy, type ConnectProxy } from '../harness/exec/connect-proxy.ts'
import { routeTable } from '../harness/exec/routes.ts'
import { runCliProcess } from './support/cli-process.ts'
import { startTestSimulators } from './support/simulators.ts'

const run = promisify(execFile)
let sims: Awaited<ReturnType<typeof startTestSimulators>>
let proxy: ConnectProxy
const refused: string[] = []
let jwt: string

beforeAll(async () => {
  sims = await startTestSimulators({ seed: 'exec-proxy' })
  proxy = await startConnectProxy({ routes: routeTable(sims.endpoints), onRefused: (hostPort) => refused.push(hostPort) })
  const { keyId, teamId, key } = sims.credentials.apns
  jwt = await new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid: keyId }).setIssuer(teamId).setIssuedAt().sign(await importPKCS8(key, 'ES256'))
})

afterAll(async () => {
  await proxy?.close()
  await sims?.stop()
})

const apnsCurl = (token: string): string[] => [
  '-sS', '--http2', '--max-time', '10',
  '-o', '-', '-w', '\n%{http_code}',
  '-H', `authorization: bearer ${jwt}`,
  '-H', `apns-topic: ${sims.credentials.apns.topic}`,
  '-H', 'apns-push-type: alert',
  '--data', '{"aps":{"alert":"hi"}}',
  `https://api.push.apple.com/3/device/${token}`,
]

describe('the CONNECT proxy', () => {
  it("tunnels curl to api.push.apple.com, trusting pushsim's CA through --cacert", async () => {
    const before = sims.ledger.recorded
    const { stdout } = await run('curl', ['--proxy', proxy.url, '--cacert', sims.tls.caPath, ...apnsCurl('a1'.repeat(32))], { timeout: 20_000 })
    expect(stdout.trim().split('\n').at(-1)).toBe('200')
    const [entry] = sims.ledger.query({ afterSeq: before }).entries
    expect(entry).toMatchObject({ provider: 'apns', flavour: 'production', transport: 'h2', request: { authority: 'api.push.apple.com' } })
  })

  it('tunnels undici (ProxyAgent) to fcm.googleapis.com, which answers as Google does', async () => {
    const before = sims.ledger.recorded
    const dispatcher = new ProxyAgent({ uri: proxy.url, requestTls: { ca: sims.tls.ca } })
    try {
      const answer = await request('https://fcm.googleapis.com/v1/projects/pushsim-demo/messages:send', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' }, dispatcher })
      expect(answer.statusCode).toBe(401)
      expect(((await answer.body.json()) as { error: { status: string } }).error.status).toBe('UNAUTHENTICATED')
    } finally {
      await dispatcher.close()
    }
    const [entry] = sims.ledger.query({ afterSeq: before }).entries
    expect(entry).toMatchObject({ provider: 'fcm', request: { authority: 'fcm.googleapis.com' }, response: { status: 401 } })
  })

  it('refuses a host that is no provider, so nothing leaves loopback', async () => {
    const failed = await run('curl', ['-sS', '--max-time', '10', '--proxy', proxy.url, 'https://example.com/'], { timeout: 20_000 }).catch((error: { code: number; stderr: string }) => error)
    expect('code' in failed ? failed.code : 0).not.toBe(0)
    expect((failed as { stderr: string }).stderr).toMatch(/403/)
    expect(refused).toContain('example.com:443')
  })
})

describe('pushsim exec --proxy', () => {
  it('runs curl with HTTPS_PROXY and CURL_CA_BUNDLE set: no proxy or CA flag of its own', async () => {
    const before = sims.ledger.recorded
    const result = await runCliProcess(['exec', '--proxy', '--admin', sims.endpoints.admin, '--', 'curl', ...apnsCurl('b2'.repeat(32))], { timeoutMs: 40_000 })
    expect(result.code, result.err).toBe(0)
    expect(result.out.trim().split('\n').at(-1)).toBe('200')
    const [entry] = sims.ledger.query({ afterSeq: before, provider: 'apns' }).entries
    expect(entry).toMatchObject({ target: 'b2'.repeat(32), request: { authority: 'api.push.apple.com' } })
  }, 60_000)
})
