/**
 * The dashboard over plain HTTP: the token rule (no token, a wrong one, the
 * address → cookie hand-over, changes only from its own origin as JSON),
 * the server-sent events as real exchanges reach the ledger, fault changes
 * through the fault engine with the language's problems, and the bounds:
 * the feed keeps a ring however many exchanges arrive, and a client that
 * does not keep up is sent a snapshot, not everything it missed.
 */
import { request as httpRequest, createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEventStream } from '../harness/ui/event-stream.ts'
import { createExchangeFeed } from '../harness/ui/exchange-feed.ts'
import { startDashboard, type Dashboard } from '../harness/ui/server.ts'
import { startTestSimulators } from './support/simulators.ts'

const TOKEN = 'dashboard-test-token-0123456789'
let sims: Awaited<ReturnType<typeof startTestSimulators>>
let dashboard: Dashboard

beforeAll(async () => {
  sims = await startTestSimulators({ ledgerFile: false })
  dashboard = await startDashboard({ token: TOKEN, port: 0 })
  dashboard.attach(sims)
})

afterAll(async () => {
  await dashboard?.close()
  await sims?.stop()
})

const auth = { authorization: `Bearer ${TOKEN}` }
const url = (path: string) => new URL(path, dashboard.url).href

/** One exchange the FCM simulator answers 401 (no credentials): a real row in the ledger. */
const unauthenticatedFcmSend = () => fetch(`${sims.endpoints.fcm}/v1/projects/demo/messages:send`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"message":{"token":"t"}}' }).then((r) => r.text())

interface SseEvent {
  event: string
  data: unknown
}

/** Calls `onEvent` with each event of an SSE response as its blank line arrives. */
function readEvents(res: IncomingMessage, onEvent: (event: SseEvent) => void): void {
  let buffer = ''
  res.setEncoding('utf8')
  res.on('data', (chunk: string) => {
    buffer += chunk
    let end: number
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end)
      buffer = buffer.slice(end + 2)
      const event = /^event: (.*)$/m.exec(block)?.[1]
      const data = /^data: (.*)$/m.exec(block)?.[1]
      if (event !== undefined && data !== undefined) onEvent({ event, data: JSON.parse(data) })
    }
  })
}

/** Reads an SSE stream as events arrive; `next(name)` resolves with the next event of that name (earlier ones of other names are skipped). */
function openStream(path: string, headers: Record<string, string>) {
  const received: SseEvent[] = []
  const waiters: { name: string; from: number; resolve: (event: SseEvent) => void }[] = []
  let cursor = 0
  const settle = () => {
    for (const waiter of [...waiters]) {
      const index = received.findIndex((event, i) => i >= waiter.from && event.event === waiter.name)
      if (index >= 0) {
        waiters.splice(waiters.indexOf(waiter), 1)
        cursor = index + 1
        waiter.resolve(received[index]!)
      }
    }
  }
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    const req = httpRequest(url(path), { headers }, (res) => {
      readEvents(res, (event) => {
        received.push(event)
        settle()
      })
      resolve(res)
    })
    req.on('error', reject)
    req.end()
  })
  return {
    response,
    received,
    next: (name: string) =>
      new Promise<SseEvent>((resolve) => {
        waiters.push({ name, from: cursor, resolve })
        settle()
      }),
    close: () => void response.then((res) => res.destroy()),
  }
}

describe('dashboard access', () => {
  it('refuses every path without the token, or with another one, with a stable code', async () => {
    for (const path of ['/', '/events', '/api/state', '/assets/dashboard.js', '/api/faults']) {
      const answer = await fetch(url(path))
      expect(answer.status, path).toBe(401)
      expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED')
    }
    expect((await fetch(url('/api/state'), { headers: { authorization: 'Bearer not-the-token' } })).status).toBe(401)
    expect((await fetch(url('/?token=not-the-token'), { redirect: 'manual' })).status).toBe(401)
  })

  it('takes the token from the address once, answers with a cookie, and the cookie opens the page', async () => {
    const handOver = await fetch(url(`/?token=${TOKEN}`), { redirect: 'manual' })
    expect(handOver.status).toBe(303)
    expect(handOver.headers.get('location')).toBe('/')
    const cookie = handOver.headers.get('set-cookie')!
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Strict/)
    const page = await fetch(url('/'), { headers: { cookie: cookie.split(';')[0]! } })
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'")
    const html = await page.text()
    expect(html).toContain('/assets/dashboard.js')
    // Everything the page loads is its own: no address of another host.
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//)
  })

  it('accepts changes only from its own origin, and only as JSON', async () => {
    const foreign = await fetch(url('/api/faults'), { method: 'POST', headers: { ...auth, origin: 'http://127.0.0.1:1', 'content-type': 'application/json' }, body: '{"shorthand":"apns:hang"}' })
    expect(foreign.status).toBe(403)
    const form = await fetch(url('/api/faults'), { method: 'POST', headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' }, body: 'shorthand=apns:hang' })
    expect(form.status).toBe(415)
    expect(sims.faults.list()).toEqual([])
  })
})

describe('dashboard events and faults', () => {
  it('streams a snapshot, then each exchange the ledger records, with counters per provider and status', async () => {
    const stream = openStream('/events', auth)
    expect((await stream.response).headers['content-type']).toMatch(/^text\/event-stream/)
    const snapshot = (await stream.next('snapshot')).data as { simulators: { seed: string }; run: { state: string } }
    expect(snapshot.simulators.seed).toBe('test-seed')
    expect(snapshot.run.state).toBe('none')
    const before = sims.ledger.recorded
    await unauthenticatedFcmSend()
    let event = (await stream.next('exchanges')).data as { rows: { seq: number; provider: string; status: string }[]; counters: Record<string, Record<string, number>> }
    while (!event.rows.some((row) => row.seq > before)) event = (await stream.next('exchanges')).data as typeof event
    expect(event.rows.find((row) => row.seq > before)).toMatchObject({ provider: 'fcm', status: '401' })
    expect(event.counters.fcm!['401']).toBeGreaterThanOrEqual(1)
    stream.close()
  })

  it('adds a fault in shorthand or as JSON, replaces and removes it, on the simulators’ own fault engine; problems come with their paths', async () => {
    const post = (body: unknown) => fetch(url('/api/faults'), { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body) })
    const stream = openStream('/events', auth)
    await stream.next('snapshot')

    const bad = await post({ shorthand: 'apns:error=NoSuchCode:p=2' })
    expect(bad.status).toBe(400)
    const problems = ((await bad.json()) as { error: { code: string; details: { problems: { path: string }[] } } }).error
    expect(problems.code).toBe('INVALID_ARGUMENT')
    expect(problems.details.problems.map((p) => p.path).sort()).toEqual(['error', 'p'])

    const badJson = await post({ fault: { type: 'error', attributes: { code: 'Unregistered' }, probability: 7 } })
    expect(badJson.status).toBe(400)
    expect(((await badJson.json()) as { error: { details: { problems: { path: string }[] } } }).error.details.problems[0]!.path).toContain('probability')

    const added = await post({ shorthand: 'fcm:error=UNAVAILABLE' })
    expect(added.status).toBe(201)
    const [fault] = (await added.json()) as { id: string }[]
    expect(sims.faults.list().map((f) => f.id)).toEqual([fault!.id])
    let faultsEvent = (await stream.next('faults')).data as { faults: { id: string }[] }
    while (faultsEvent.faults.length === 0) faultsEvent = (await stream.next('faults')).data as typeof faultsEvent
    expect(faultsEvent.faults.map((f) => f.id)).toEqual([fault!.id])

    // The fault acts on the wire: the next FCM send is answered 503.
    const before = sims.ledger.recorded
    await unauthenticatedFcmSend()
    expect(sims.ledger.get(before + 1)).toMatchObject({ provider: 'fcm', response: { status: 503 } })

    const replaced = await fetch(url(`/api/faults/${fault!.id}`), { method: 'PUT', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ fault: { type: 'error', match: { provider: 'fcm' }, probability: 0.5, attributes: { code: 'UNAVAILABLE' } } }) })
    expect(replaced.status).toBe(200)
    expect(sims.faults.list()).toMatchObject([{ id: fault!.id, probability: 0.5 }])

    expect((await fetch(url(`/api/faults/${fault!.id}`), { method: 'DELETE', headers: auth })).status).toBe(200)
    expect(sims.faults.list()).toEqual([])
    const missing = await fetch(url(`/api/faults/${fault!.id}`), { method: 'DELETE', headers: auth })
    expect(missing.status).toBe(404)
    stream.close()
  })
})

describe('dashboard bounds', () => {
  it('keeps a ring of the latest rows and exact counters, however many exchanges arrive between two reads', async () => {
    const feed = createExchangeFeed(sims.ledger, 5)
    const first = sims.ledger.recorded + 1
    for (let i = 0; i < 12; i++) await unauthenticatedFcmSend()
    const { rows, skipped } = feed.drain()
    expect(rows.map((row) => row.seq)).toEqual([first + 7, first + 8, first + 9, first + 10, first + 11])
    expect(skipped).toBe(7)
    expect(feed.recent()).toHaveLength(5)
    expect(feed.counters().fcm!['401']).toBe(12)
    feed.close()
  })

  it('sends a client that cannot keep up a snapshot once its socket drains, not what it missed', async () => {
    let snapshots = 0
    const stream = createEventStream(() => ({ snapshot: ++snapshots }))
    const server = createServer((req, res) => stream.open(req, res))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const received: string[] = []
      const seen = (predicate: () => boolean) => new Promise<void>((resolve) => {
        const check = () => (predicate() ? resolve() : setImmediate(check))
        check()
      })
      const req = httpRequest({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, path: '/' }, (res) =>
        readEvents(res, ({ event, data }) => received.push(event === 'snapshot' ? `snapshot ${(data as { snapshot: number }).snapshot}` : event)),
      )
      req.end()
      await seen(() => received.length === 1 && stream.clients === 1)
      // 200 events of 256 KiB in one go: each is over the socket's high-water mark, so the first fills it and the rest are not kept.
      const big = 'x'.repeat(256 * 1024)
      for (let i = 0; i < 200; i++) stream.send('big', big)
      await seen(() => received.includes('snapshot 2'))
      stream.send('done', {})
      await seen(() => received.includes('done'))
      expect(received).toEqual(['snapshot 1', 'big', 'snapshot 2', 'done'])
      req.destroy()
    } finally {
      stream.close()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })
})
