/**
 * The dispatcher's HTTP API as a client meets it, every path of
 * dispatcher/api/openapi.yaml served, and `pushsim dispatcher serve` as a process.
 */
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import type { DispatcherApp } from '../dispatcher/app.ts'
import { runCli } from './support/cli.ts'
import { useDispatcherAgainstSimulators } from './support/dispatcher.ts'
import { startTestSimulators } from './support/simulators.ts'
import { tempDir } from './support/temp-dir.ts'

let sims: Awaited<ReturnType<typeof startTestSimulators>>
let app: DispatcherApp
let base: string

useDispatcherAgainstSimulators((started, running) => {
  sims = started
  app = running
  base = running.server!.url
}, { http: { host: '127.0.0.1', port: 0 } })

const call = async (method: string, path: string, body?: string) => {
  const response = await fetch(`${base}${path}`, { method, ...(body === undefined ? {} : { body }) })
  return { status: response.status, body: (await response.json()) as any }
}

const campaign = { id: 'api', name: 'API', targeting: 'last-device', profile: 'webpush', variants: [{ id: 'a', share: 0.5, content: { title: 'A', body: 'a' } }, { id: 'b', share: 0.5, content: { title: 'B', body: 'b' } }], rules: {} }
const member = (i: number) => JSON.stringify({ person: { id: `u${i}`, properties: {}, timezone: 'UTC' }, devices: [{ id: `u${i}-d`, channel: 'fcm', platform: 'android', address: { kind: 'token', token: `api-${i}:APA91b00000000` }, lastSeenAt: 1 }] })

describe('the dispatcher HTTP API', () => {
  it('creates a campaign, refusing bad input with every problem', async () => {
    const bad = await call('POST', '/campaigns', JSON.stringify({ id: '', targeting: 'some', variants: [{ id: 'x', share: 0.3, content: {} }] }))
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('INVALID_ARGUMENT')
    for (const problem of ['id: expected a non-empty string', 'targeting: expected one of', 'variants: shares sum to 0.3', 'variants[0].content.title']) expect(bad.body.error.message).toContain(problem)
    expect((await call('POST', '/campaigns', JSON.stringify(campaign))).status).toBe(201)
    expect((await call('POST', '/campaigns', JSON.stringify(campaign))).status).toBe(409)
  })

  it('streams an NDJSON audience, then serves statuses, deliveries, metrics and trends', async () => {
    const audience = Array.from({ length: 20 }, (_, i) => member(i)).join('\n') + '\n'
    expect((await call('POST', '/campaigns/api/audience', audience)).body).toEqual({ persons: 20, messages: 20, duplicates: 0 })
    await app.dispatcher.settled('api')
    const messages = (await call('GET', '/campaigns/api/messages')).body as { status: string; variantId: string }[]
    expect(messages.every((m) => m.status === 'Sent')).toBe(true)
    expect(new Set(messages.map((m) => m.variantId))).toEqual(new Set(['a', 'b']))
    expect((await call('GET', '/campaigns/api')).body.deliveries).toMatchObject({ accepted: 20, pending: 0 })
    const metrics = (await call('GET', '/campaigns/api/metrics')).body
    expect(metrics).toMatchObject({ sent: 20, views: 0, clicks: 0, ctr: null })
    const variantA = (await call('GET', '/campaigns/api/metrics?variant=a')).body
    expect(variantA.sent).toBe(messages.filter((m) => m.variantId === 'a').length)
    expect((await call('GET', '/campaigns/api/trends?period=week')).status).toBe(200)
    expect((await call('GET', '/campaigns/api/metrics?profile=nope')).status).toBe(400)
  })

  it('reads messages and deliveries a page at a time (paged-reads): the whole list, in order, across pages', async () => {
    expect((await call('GET', '/health')).body.capabilities).toContain('paged-reads')
    for (const list of ['deliveries', 'messages']) {
      const whole = (await call('GET', `/campaigns/api/${list}`)).body as unknown[]
      const pages: unknown[][] = []
      let next: string | null = null
      do {
        const page = (await call('GET', `/campaigns/api/${list}?limit=7${next === null ? '' : `&after=${next}`}`)).body as { items: unknown[]; next: string | null }
        pages.push(page.items)
        next = page.next
      } while (next !== null)
      expect(pages.map((page) => page.length), list).toEqual([7, 7, 6])
      expect(pages.flat(), list).toEqual(whole)
    }
    const bad = await call('GET', '/campaigns/api/deliveries?limit=0&after=x')
    expect(bad.status).toBe(400)
    expect(bad.body.error.message).toMatch(/limit must be an integer from 1 to 10000, got "0"; after must be the next cursor of a previous page, got "x"/)
  })

  it('takes device reports once and with proof, and attributes conversions', async () => {
    const [delivery] = (await call('GET', '/campaigns/api/deliveries')).body as { id: string; personId: string; trackingToken: string }[]
    const report = (token: string, event: string) => call('POST', '/track', JSON.stringify({ deliveryId: delivery!.id, token, event }))
    expect((await report('nope', 'delivered')).status).toBe(403)
    expect((await report(delivery!.trackingToken, 'delivered')).body).toEqual({ recorded: true })
    expect((await report(delivery!.trackingToken, 'delivered')).body).toEqual({ recorded: false })
    expect((await report(delivery!.trackingToken, 'opened')).status).toBe(202)
    expect((await call('GET', '/campaigns/api/metrics')).body).toMatchObject({ views: 1, clicks: 1, ctr: 100 })
    expect((await call('POST', '/conversions', JSON.stringify({ personId: delivery!.personId }))).body.messageId).toEqual(expect.any(String))
    expect((await call('POST', '/conversions', JSON.stringify({ personId: 'nobody' }))).body).toEqual({ messageId: null })
  })

  it('answers reports that arrive together each on its own: a duplicate burst counts once', async () => {
    const deliveries = (await call('GET', '/campaigns/api/deliveries')).body as { id: string; trackingToken: string }[]
    const burst = await Promise.all(
      deliveries.slice(10, 15).flatMap((delivery) => Array.from({ length: 4 }, () => call('POST', '/track', JSON.stringify({ deliveryId: delivery.id, token: delivery.trackingToken, event: 'delivered' })))),
    )
    expect(burst.every((answer) => answer.status === 202)).toBe(true)
    expect(burst.filter((answer) => answer.body.recorded === true)).toHaveLength(5)
    const forged = await Promise.all([call('POST', '/track', JSON.stringify({ deliveryId: deliveries[6]!.id, token: 'forged', event: 'opened' })), call('POST', '/track', JSON.stringify({ deliveryId: deliveries[6]!.id, token: deliveries[6]!.trackingToken, event: 'opened' }))])
    expect(forged.map((answer) => answer.status)).toEqual([403, 202])
  })

  it('rejects a bad audience line with its line number', async () => {
    const answer = await call('POST', '/campaigns/api/audience', `${member(100)}\n{"person": {}}\n`)
    expect(answer.status).toBe(400)
    expect(answer.body.error.message).toContain('line 2')
  })

  it('serves every path of its OpenAPI document', async () => {
    const doc = parseYaml(readFileSync('dispatcher/api/openapi.yaml', 'utf8')) as { paths: Record<string, Record<string, unknown>> }
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const method of Object.keys(operations).filter((key) => ['get', 'post'].includes(key))) {
        const answer = await call(method.toUpperCase(), path.replace('{id}', 'api'), method === 'post' ? '{}' : undefined)
        // A route that exists answers anything but its "no such route" 404.
        expect(answer.body?.error?.message ?? '', `${method} ${path}`).not.toMatch(/^Failed to find (GET|POST) /)
      }
    }
  })
})

describe('pushsim dispatcher serve', () => {
  it('refuses bad flags with exit 2', async () => {
    expect(await runCli(['dispatcher', 'serve', '--port', '99999'])).toMatchObject({ code: 2, err: expect.stringContaining('--port must be an integer ≥ 0 ≤ 65535, got "99999"') })
  })

  it('configures itself from running simulators, prints one JSON line, serves, and stops on SIGTERM', async () => {
    // A database in a directory that does not exist yet: serve creates it.
    const database = join(tempDir('pushsim-serve-dispatcher-'), 'state', 'd.db')
    const child = spawn(process.execPath, ['--import', 'tsx', 'harness/cli/main.ts', 'dispatcher', 'serve', '--json', '--port', '0', '--pushsim', sims.endpoints.admin, '--database', database], { stdio: ['ignore', 'pipe', 'inherit'] })
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once('line', resolve)
      child.once('exit', (code) => reject(new Error(`exited ${code}`)))
    })
    const { url } = JSON.parse(line) as { url: string }
    expect(((await (await fetch(`${url}/health`)).json()) as { status: string }).status).toBe('ok')
    expect(await new Promise((resolve) => child.once('exit', resolve).kill('SIGTERM'))).toBe(0)
  })
})
