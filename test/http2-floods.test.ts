/**
 * The hardened HTTP/2 front over real sockets: each flood of
 * CVE-2019-9512/9515/9518 and CVE-2023-44487 is cut off with GOAWAY
 * ENHANCE_YOUR_CALM, the process stays up and keeps serving, memory stays
 * bounded, and an idle connection is closed with GOAWAY.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { data, E, encodeRequest, F, frame, goawayOf, headers, ping, RawH2, rstStream, S, settings, T } from './support/raw-h2.ts'
import { startTestSimulators } from './support/simulators.ts'

type Sims = Awaited<ReturnType<typeof startTestSimulators>>
let sims: Sims

beforeAll(async () => {
  sims = await startTestSimulators()
})
afterAll(() => sims?.stop())

const port = (url: string): number => Number(new URL(url).port)
const apnsRequest = (streamId: number, endStream: boolean) =>
  headers(streamId, encodeRequest([[':method', 'POST'], [':scheme', 'http'], [':authority', 'localhost'], [':path', `/3/device/${'e5'.repeat(32)}`]]), { endStream })

/** Both HTTP/2 fronts: APNs in clear, and the FCM TLS port (ALPN h2), each on its own connection. */
const FRONTS = [
  ['APNs h2c', () => RawH2.connect(port(sims.endpoints.apnsH2c))],
  ['FCM over TLS', () => RawH2.connect(port(sims.endpoints.fcmTls), { tls: { ca: sims.tls.ca } })],
] as const

async function expectCalm(client: RawH2): Promise<void> {
  const goaway = await client.waitFor((f) => f.type === T.GOAWAY, 5_000)
  expect(goawayOf(goaway).code).toBe(E.ENHANCE_YOUR_CALM)
  await client.waitClosed(5_000)
}

async function stillServes(): Promise<void> {
  const client = await RawH2.connect(port(sims.endpoints.apnsH2c))
  client.send(apnsRequest(1, true))
  const answer = await client.answer(1)
  expect(answer.headers[':status']).toBe('403')
  client.destroy()
}

describe.each(FRONTS)('%s', (_name, open) => {
  it('a PING flood (CVE-2019-9512) gets GOAWAY ENHANCE_YOUR_CALM', async () => {
    const client = await open()
    const pings = Array.from({ length: 1_500 }, (_, i) => ping(Buffer.alloc(8, i % 256)))
    client.send(...pings)
    await expectCalm(client)
    // Fewer than the flood were answered.
    expect(client.frames.filter((f) => f.type === T.PING && (f.flags & F.ACK) !== 0).length).toBeLessThanOrEqual(1_000)
    await stillServes()
  })

  it('a SETTINGS flood (CVE-2019-9515) gets GOAWAY ENHANCE_YOUR_CALM', async () => {
    const client = await open()
    client.send(...Array.from({ length: 1_500 }, () => settings()))
    await expectCalm(client)
    await stillServes()
  })

  it('a SETTINGS frame with more than 32 entries gets GOAWAY ENHANCE_YOUR_CALM', async () => {
    const client = await open()
    client.send(settings(Array.from({ length: 40 }, () => [S.ENABLE_PUSH, 0] as const)))
    await expectCalm(client)
  })

  it('an empty DATA flood (CVE-2019-9518) gets GOAWAY ENHANCE_YOUR_CALM', async () => {
    const client = await open()
    client.send(apnsRequest(1, false), ...Array.from({ length: 1_100 }, () => data(1, Buffer.alloc(0))))
    await expectCalm(client)
    await stillServes()
  })

  it('an empty CONTINUATION flood gets GOAWAY ENHANCE_YOUR_CALM', async () => {
    const client = await open()
    const block = encodeRequest([[':method', 'POST'], [':scheme', 'http'], [':authority', 'localhost'], [':path', '/x']])
    client.send(headers(1, block, { endHeaders: false }), ...Array.from({ length: 1_100 }, () => frame(T.CONTINUATION, 0, 1)))
    await expectCalm(client)
  })

  it('rapid reset (CVE-2023-44487): streams opened and reset at once get GOAWAY ENHANCE_YOUR_CALM', async () => {
    const client = await open()
    const burst: Buffer[] = []
    for (let i = 0; i < 1_100; i++) burst.push(apnsRequest(2 * i + 1, false), rstStream(2 * i + 1, E.CANCEL))
    client.send(...burst)
    await expectCalm(client)
    await stillServes()
  })
})

describe('bounded', () => {
  it('a hundred flooding connections leave the process up with bounded memory', async () => {
    const before = process.memoryUsage().rss
    for (let round = 0; round < 4; round++) {
      const clients = await Promise.all(Array.from({ length: 25 }, () => RawH2.connect(port(sims.endpoints.apnsH2c))))
      for (const client of clients) client.send(...Array.from({ length: 1_200 }, (_, i) => ping(Buffer.alloc(8, i % 256))))
      await Promise.all(clients.map((client) => expectCalm(client)))
    }
    global.gc?.()
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024)
    await stillServes()
  })
})

describe('idle timeout', () => {
  it('an idle connection gets GOAWAY NO_ERROR, with APNs naming IdleTimeout, then is closed', async () => {
    const idle = await startTestSimulators({ http2IdleTimeoutMs: 150 })
    try {
      const apns = await RawH2.connect(port(idle.endpoints.apnsH2c))
      const goaway = goawayOf(await apns.waitFor((f) => f.type === T.GOAWAY, 2_000))
      expect(goaway).toEqual({ lastStreamId: 0, code: E.NO_ERROR, debug: '{"reason":"IdleTimeout"}' })
      await apns.waitClosed()
      const fcm = await RawH2.connect(port(idle.endpoints.fcmTls), { tls: { ca: idle.tls.ca } })
      expect(goawayOf(await fcm.waitFor((f) => f.type === T.GOAWAY, 2_000))).toEqual({ lastStreamId: 0, code: E.NO_ERROR, debug: '' })
      // A connection with a request still open is not idle.
      const busy = await RawH2.connect(port(idle.endpoints.apnsH2c))
      busy.send(apnsRequest(1, false))
      await new Promise((resolve) => setTimeout(resolve, 400))
      expect(busy.frames.filter((f) => f.type === T.GOAWAY)).toEqual([])
      busy.destroy()
    } finally {
      await idle.stop()
    }
  })
})
