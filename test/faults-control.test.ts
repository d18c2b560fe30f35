/** Fault control: the admin API and CLI, validation with paths, live changes, and seeded determinism. */
import { request } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fetchFcmAccessToken } from '../harness/cli/provider-tokens.ts'
import { runCli } from './support/cli.ts'
import { startTestSimulators } from './support/simulators.ts'

const SEND = '/v1/projects/pushsim-demo/messages:send'

async function sender(sims: Awaited<ReturnType<typeof startTestSimulators>>) {
  const bearer = `Bearer ${await fetchFcmAccessToken(sims.credentials.fcm.serviceAccount)}`
  return async (token: string) => {
    const response = await request(`${sims.endpoints.fcm}${SEND}`, { method: 'POST', headers: { authorization: bearer }, body: JSON.stringify({ message: { token } }) })
    await response.body.dump()
    return response.statusCode
  }
}

describe('the admin API', () => {
  let sims: Awaited<ReturnType<typeof startTestSimulators>>
  let send: (token: string) => Promise<number>
  const admin = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${sims.endpoints.admin}${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })
    return { status: response.status, body: (await response.json()) as any }
  }
  beforeAll(async () => {
    sims = await startTestSimulators()
    send = await sender(sims)
  })
  afterAll(() => sims?.stop())

  it('serves the error catalogue as JSON', async () => {
    const catalogue = (await admin('GET', '/errors')).body as { name: string; class: string; wire: Record<string, unknown> }[]
    expect(catalogue.find((entry) => entry.name === 'apns_token_format')).toMatchObject({ class: 'dead-address', wire: { apns: { kind: 'respond', status: 400 } } })
  })

  it('reports every problem of a plan at once, with its path', async () => {
    const answer = await admin('POST', '/faults', {
      faults: [
        { type: 'error', attributes: { code: 'NoSuchReason' } },
        { type: 'latency', probability: 2, attributes: { distribution: { kind: 'lognormal', medianMs: 400, p99Ms: 50 } } },
        { type: 'teleport', attributes: {} },
      ],
    })
    expect(answer.status).toBe(400)
    expect(answer.body.error.code).toBe('INVALID_ARGUMENT')
    const paths = answer.body.error.details.problems.map((p: { path: string }) => p.path)
    expect(paths).toEqual(expect.arrayContaining(['faults[0].attributes.code', 'faults[1].probability', 'faults[1].attributes.distribution.p99Ms', 'faults[2].type']))
    expect((await admin('GET', '/faults')).body.faults).toEqual([])
  })

  it('adds, replaces and removes faults live; each change applies to the next exchange and the ledger names the fault', async () => {
    expect(await send('tok-live-000000000000000')).toBe(200)
    const added = await admin('POST', '/faults', { id: 'dead-token', type: 'error', match: { target: 'tok-live-000000000000000' }, attributes: { code: 'UNREGISTERED' } })
    expect(added.status).toBe(201)
    expect(added.body).toEqual([expect.objectContaining({ id: 'dead-token', type: 'error', probability: 1, schedule: { kind: 'always' } })])
    expect(await send('tok-live-000000000000000')).toBe(404)
    expect((await admin('PUT', '/faults/dead-token', { type: 'error', match: { target: 'tok-live-000000000000000' }, attributes: { code: 'INTERNAL' } })).status).toBe(200)
    expect(await send('tok-live-000000000000000')).toBe(500)
    expect((await admin('DELETE', '/faults/dead-token')).status).toBe(200)
    expect(await send('tok-live-000000000000000')).toBe(200)
    const history = (await admin('GET', '/ledger?target=tok-live-000000000000000')).body.entries
    expect(history.map((e: { response: { status: number }; faults: string[] }) => [e.response.status, e.faults])).toEqual([
      [200, []],
      [404, ['dead-token']],
      [500, ['dead-token']],
      [200, []],
    ])
    expect((await admin('POST', '/faults', { id: 'x', type: 'hang', attributes: {} })).status).toBe(201)
    expect((await admin('POST', '/faults', { id: 'x', type: 'hang', attributes: {} })).body.error.code).toBe('CONFLICT')
    expect((await admin('DELETE', '/faults')).body).toEqual({ faults: [] })
  })

  it('pushsim faults add/list/remove drive the same API from the shell', async () => {
    const env = { PUSHSIM_ADMIN: sims.endpoints.admin }
    const added = await runCli(['faults', 'add', 'fcm:error=QUOTA_EXCEEDED:retry-after=60:first=1', '--json'], env)
    expect(added.code).toBe(0)
    const [fault] = JSON.parse(added.out)
    expect(fault).toMatchObject({ type: 'error', match: { provider: 'fcm' }, schedule: { kind: 'first', attempts: 1 }, attributes: { code: 'QUOTA_EXCEEDED', retryAfterSeconds: 60 } })
    expect(await send('tok-cli-0000000000000000')).toBe(429)
    expect(await send('tok-cli-0000000000000000')).toBe(200)
    expect(JSON.parse((await runCli(['faults', 'list', '--json'], env)).out).faults).toHaveLength(1)
    // Removing with no id is a usage error that removes nothing (it used to clear every fault).
    expect(await runCli(['faults', 'add', 'apns:error=Unregistered:first=1'], env)).toMatchObject({ code: 0 })
    const none = await runCli(['faults', 'remove'], env)
    expect(none.code).toBe(2)
    expect(none.err).toContain('faults clear')
    expect(JSON.parse((await runCli(['faults', 'list', '--json'], env)).out).faults).toHaveLength(2)
    const second = JSON.parse((await runCli(['faults', 'list', '--json'], env)).out).faults[1].id as string
    expect((await runCli(['faults', 'remove', fault.id, second], env)).code).toBe(0)
    expect(JSON.parse((await runCli(['faults', 'list', '--json'], env)).out).faults).toHaveLength(0)
    const bad = await runCli(['faults', 'add', 'apns:error=NoSuchReason:p=7'], env)
    expect(bad.code).toBe(2)
    expect(bad.err).toContain('--fault[0]')
  })
})

describe('determinism', () => {
  async function sequence(seed: string): Promise<number[]> {
    const sims = await startTestSimulators({ seed, faults: [{ type: 'error', probability: 0.5, match: { provider: 'fcm', route: { pattern: 'messages' } }, attributes: { code: 'INTERNAL' } }] })
    try {
      const send = await sender(sims)
      const statuses: number[] = []
      for (let i = 0; i < 40; i++) statuses.push(await send(`tok-seq-${i}-00000000000000000`))
      return statuses
    } finally {
      await sims.stop()
    }
  }

  it('the same seed and requests give the same faults; another seed gives others', async () => {
    const first = await sequence('seed-one')
    expect(await sequence('seed-one')).toEqual(first)
    expect(await sequence('seed-two')).not.toEqual(first)
    // p = 0.5 over 40 draws: both outcomes occur (the chance of a run of 40 is 2 × 2^-40).
    expect(new Set(first)).toEqual(new Set([200, 500]))
  })
})

describe('serve with faults from the command line', () => {
  it('rejects a bad shorthand or plan before starting, naming each problem, with exit 2', async () => {
    const result = await runCli(['serve', '--fault', 'apns:latency=lognormal(400,50)', '--fault', 'zz:hang', '--faults', '/nonexistent/plan.yaml'])
    expect(result.code).toBe(2)
    expect(result.err).toContain('/nonexistent/plan.yaml')
    expect(result.err).toContain('--fault[0]')
    expect(result.err).toContain('--fault[1]')
  })

  it('lists the error catalogue', async () => {
    const result = await runCli(['errors', '--json', '--kind', 'dashboard'])
    const entries = JSON.parse(result.out) as { name: string }[]
    expect(entries.map((entry) => entry.name)).toEqual(expect.arrayContaining(['apns_token_format', 'fcm_oauth2_token_expired', 'browser_unsubscribed', 'gcm_ia']))
  })
})
