/**
 * What `pushsim exec` relies on besides the preload: a server certificate
 * naming every host it routes (remade for a state directory whose
 * certificate predates a name), a route for each host and port the clients
 * dial, and a service account whose token_uri is Google's.
 */
import { X509Certificate } from 'node:crypto'
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PROVIDER_HOSTS, routeTable } from '../harness/exec/routes.ts'
import { ensureTlsMaterial } from '../simulators/tls/certificates.ts'
import { runCli } from './support/cli.ts'
import { startTestSimulators } from './support/simulators.ts'

const dnsNames = (pem: string): string[] =>
  (new X509Certificate(pem).subjectAltName ?? '')
    .split(', ')
    .filter((name) => name.startsWith('DNS:'))
    .map((name) => name.slice(4))

describe('the server certificate', () => {
  const directory = mkdtempSync(join(tmpdir(), 'pushsim-exec-tls-'))
  afterAll(() => rmSync(directory, { recursive: true, force: true }))

  it('names every host pushsim exec routes', async () => {
    const tls = await ensureTlsMaterial(directory)
    expect(dnsNames(tls.cert)).toEqual(expect.arrayContaining(PROVIDER_HOSTS.map((entry) => entry.host)))
  })

  it('is made again, with a new CA, for a state directory whose certificate lacks a name', async () => {
    const before = await ensureTlsMaterial(directory)
    // An older certificate naming none of the hosts: the CA's own stands in for it.
    copyFileSync(before.caPath, before.certPath)
    const after = await ensureTlsMaterial(directory)
    expect(after.ca).not.toBe(before.ca)
    expect(dnsNames(after.cert)).toContain('push.kaiostech.com')
    expect(readFileSync(after.certPath, 'utf8')).toBe(after.cert)
    // Kept while it names them all.
    expect((await ensureTlsMaterial(directory)).cert).toBe(after.cert)
  })
})

describe('the route table', () => {
  it("sends each provider host's ports to the listener that plays it", () => {
    const table = routeTable({ apns: 'https://127.0.0.1:1001', fcmTls: 'https://127.0.0.1:1002', webpushTls: 'https://127.0.0.1:1003' })
    expect(table.get('api.push.apple.com:443')).toBe('127.0.0.1:1001')
    expect(table.get('api.sandbox.push.apple.com:2197')).toBe('127.0.0.1:1001')
    expect(table.get('fcm.googleapis.com:443')).toBe('127.0.0.1:1002')
    expect(table.get('oauth2.googleapis.com:443')).toBe('127.0.0.1:1002')
    expect(table.get('updates.push.services.mozilla.com:443')).toBe('127.0.0.1:1003')
    expect(table.get('web.push.apple.com:443')).toBe('127.0.0.1:1003')
    expect(table.get('push.kaiostech.com:443')).toBe('127.0.0.1:1003')
    // Only the ports the providers serve: nothing else on those hosts, and no other host.
    expect(table.get('fcm.googleapis.com:2197')).toBeUndefined()
    expect(table.get('example.com:443')).toBeUndefined()
  })
})

describe('pushsim credentials fcm --token-uri google', () => {
  let sims: Awaited<ReturnType<typeof startTestSimulators>>
  beforeAll(async () => {
    sims = await startTestSimulators({ seed: 'exec-routing' })
  })
  afterAll(async () => {
    await sims?.stop()
  })

  it("writes a service account whose token_uri is Google's, registered with the simulator", async () => {
    const made = await runCli(['credentials', 'fcm', '--token-uri', 'google', '--json', '--admin', sims.endpoints.admin])
    expect(made.code, made.err).toBe(0)
    const { path, clientEmail } = JSON.parse(made.out) as { path: string; clientEmail: string }
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ token_uri: 'https://oauth2.googleapis.com/token', client_email: clientEmail })
    expect(sims.fcm.listServiceAccounts().map((account) => account.clientEmail)).toContain(clientEmail)
    // The default stays the simulator's own token route.
    const plain = await runCli(['credentials', 'fcm', '--json', '--admin', sims.endpoints.admin])
    expect(JSON.parse(readFileSync((JSON.parse(plain.out) as { path: string }).path, 'utf8')).token_uri).toBe(sims.endpoints.oauthToken)
  })
})
