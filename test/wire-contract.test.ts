/**
 * The wire contract: every Delivery kind on every listener kind, seen by a
 * real client (node:http2, node:http, node:https) and recorded in the ledger
 * as what reached the wire. One deliver() per protocol means the same fault
 * behaves the same on APNs' ports and on the FCM and Web Push TLS ports.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { LedgerEntry } from '../simulators/ledger/entry.ts'
import { startTestSimulators } from './support/simulators.ts'
import { send, type Observation, type WireRequest } from './support/wire-client.ts'

type Sims = Awaited<ReturnType<typeof startTestSimulators>>
let sims: Sims

beforeAll(async () => {
  sims = await startTestSimulators()
})
afterAll(() => sims?.stop())
afterEach(() => sims.faults.clear())

interface ListenerCase {
  name: string
  provider: 'apns' | 'fcm' | 'webpush'
  endpoint: 'apns' | 'apnsH2c' | 'fcm' | 'fcmTls' | 'webpush' | 'webpushTls'
  protocol: 'h2' | 'http/1.1'
  transport: 'h2' | 'h2c' | 'http/1.1'
  path: string
  body: string
}

const APNS = { provider: 'apns', path: `/3/device/${'c3'.repeat(32)}`, body: '{"aps":{"alert":"contract"}}' } as const
const FCM = { provider: 'fcm', path: '/v1/projects/pushsim-demo/messages:send', body: '{"message":{"token":"contract-token-000000"}}' } as const
// An unknown Firefox subscription: autopush's 404 JSON is long enough to cut.
const WEBPUSH = { provider: 'webpush', path: '/wpush/v2/contract-unknown', body: 'x' } as const

const LISTENERS: ListenerCase[] = [
  { name: 'APNs TLS (h2)', ...APNS, endpoint: 'apns', protocol: 'h2', transport: 'h2' },
  { name: 'APNs h2c', ...APNS, endpoint: 'apnsH2c', protocol: 'h2', transport: 'h2c' },
  { name: 'FCM plain (http/1.1)', ...FCM, endpoint: 'fcm', protocol: 'http/1.1', transport: 'http/1.1' },
  { name: 'FCM TLS, http/1.1', ...FCM, endpoint: 'fcmTls', protocol: 'http/1.1', transport: 'http/1.1' },
  { name: 'FCM TLS, h2', ...FCM, endpoint: 'fcmTls', protocol: 'h2', transport: 'h2' },
  { name: 'Web Push plain (http/1.1)', ...WEBPUSH, endpoint: 'webpush', protocol: 'http/1.1', transport: 'http/1.1' },
  { name: 'Web Push TLS, http/1.1', ...WEBPUSH, endpoint: 'webpushTls', protocol: 'http/1.1', transport: 'http/1.1' },
  { name: 'Web Push TLS, h2', ...WEBPUSH, endpoint: 'webpushTls', protocol: 'h2', transport: 'h2' },
]

/** What the case expects the client to see and the ledger to say, per protocol. */
interface Expectation {
  client: (seen: Observation) => void
  entry: (entry: LedgerEntry, seen: Observation) => void
}

interface DeliveryCase {
  name: string
  faults: (listener: ListenerCase) => unknown[]
  timeoutMs?: number
  lingerMs?: number
  h2: Expectation
  h1: Expectation
}

const TIMEOUT_MS = 300
// A client timeout is measured by the ledger within this much, from the server's side of the wire.
const TIMING_TOLERANCE_MS = 50

const answered = (entry: LedgerEntry, seen: Observation): void => {
  expect(entry.wire).toMatchObject({ outcome: 'answered', status: seen.status, bytes: seen.body.length })
  expect(entry.response.status).toBe(seen.status)
}
const complete = (seen: Observation): void => {
  expect(seen.error).toBeUndefined()
  expect(seen.complete).toBe(true)
  expect(seen.status).toBeGreaterThanOrEqual(200)
}
/**
 * Abandoned when the client gave up: the ledger's time matches the moment the client itself measured (its
 * timer may fire late on a loaded machine; what is checked is the ledger's accuracy, not the timer's).
 */
const abandonedAtTimeout = (entry: LedgerEntry, seen: Observation, by: string[], timeoutMs = TIMEOUT_MS): void => {
  expect(entry.wire.outcome).toBe('abandoned')
  expect(by).toContain(entry.wire.by)
  expect(seen.elapsedMs).toBeGreaterThanOrEqual(timeoutMs - 1)
  expect(Math.abs(entry.wire.afterMs - seen.elapsedMs)).toBeLessThanOrEqual(TIMING_TOLERANCE_MS)
}
const H1_LEFT = ['fin', 'tcp-reset']
const same = (expectation: Expectation): Pick<DeliveryCase, 'h1' | 'h2'> => ({ h1: expectation, h2: expectation })

const CASES: DeliveryCase[] = [
  {
    name: 'respond: the provider answers',
    faults: () => [],
    ...same({
      client: complete,
      entry: (entry, seen) => {
        answered(entry, seen)
        expect(entry.delivery).toBe('respond')
      },
    }),
  },
  {
    name: 'delayed: the headers wait 150 ms',
    faults: (l) => [{ type: 'latency', match: { provider: l.provider }, attributes: { distribution: { kind: 'fixed', ms: 150 } } }],
    ...same({
      client: (seen) => {
        complete(seen)
        expect(seen.elapsedMs).toBeGreaterThanOrEqual(140)
      },
      entry: (entry, seen) => {
        answered(entry, seen)
        expect(entry.wire.afterMs).toBeGreaterThanOrEqual(145)
      },
    }),
  },
  {
    name: 'delayed body: headers at once, the body after 150 ms',
    faults: (l) => [{ type: 'latency', match: { provider: l.provider }, attributes: { distribution: { kind: 'fixed', ms: 150 }, stage: 'body' } }],
    ...same({
      client: (seen) => {
        complete(seen)
        expect(seen.elapsedMs).toBeGreaterThanOrEqual(140)
      },
      entry: (entry, seen) => {
        answered(entry, seen)
        expect(entry.wire.afterMs).toBeGreaterThanOrEqual(145)
      },
    }),
  },
  {
    name: 'dribble: the body at 2,000 bytes a second',
    faults: (l) => [{ type: 'dribble', match: { provider: l.provider }, attributes: { bytesPerSecond: 2_000 } }],
    timeoutMs: 3_000,
    ...same({
      client: complete,
      entry: (entry, seen) => {
        answered(entry, seen)
        // Ten pieces a second, 200 bytes each: all but the first wait their turn.
        expect(entry.wire.afterMs).toBeGreaterThanOrEqual((Math.ceil(seen.body.length / 200) - 1) * 100 - 5)
      },
    }),
  },
  {
    name: 'cut: 5 body bytes, then the connection closes',
    faults: (l) => [{ type: 'close', match: { provider: l.provider }, attributes: { afterBytes: 5 } }],
    h2: {
      client: (seen) => {
        expect(seen.complete).toBe(false)
        expect(seen.status).toBeGreaterThanOrEqual(200)
        // node:http2 drops a stream's unread DATA when its connection goes: the ledger knows the 5 bytes went out.
        expect(seen.body.length).toBeLessThanOrEqual(5)
      },
      entry: (entry, seen) => expect(entry.wire).toMatchObject({ outcome: 'cut', status: seen.status, bytes: 5 }),
    },
    h1: {
      client: (seen) => {
        expect(seen.complete).toBe(false)
        expect(seen.status).toBeGreaterThanOrEqual(200)
        expect(seen.body.length).toBe(5)
      },
      entry: (entry, seen) => expect(entry.wire).toMatchObject({ outcome: 'cut', status: seen.status, bytes: 5 }),
    },
  },
  {
    name: 'hang: never answered; the client gives up at its timeout',
    faults: (l) => [{ type: 'hang', match: { provider: l.provider } }],
    h2: {
      client: (seen) => expect([seen.error, seen.status]).toEqual(['timeout', undefined]),
      entry: (entry, seen) => {
        abandonedAtTimeout(entry, seen, ['rst-stream'])
        expect(entry.wire.code).toBe(0x8) // CANCEL
        expect(entry.delivery).toBe('hang')
      },
    },
    h1: {
      client: (seen) => expect([seen.error, seen.status]).toEqual(['timeout', undefined]),
      entry: (entry, seen) => abandonedAtTimeout(entry, seen, H1_LEFT),
    },
  },
  {
    name: 'headers-only: the headers, then the stream never ends',
    faults: (l) => [{ type: 'headers-only', match: { provider: l.provider } }],
    ...same({
      client: (seen) => {
        expect(seen.error).toBe('timeout')
        expect(seen.status).toBeGreaterThanOrEqual(200)
        expect(seen.body.length).toBe(0)
      },
      entry: (entry, seen) => {
        expect(entry.wire).toMatchObject({ status: seen.status, bytes: 0 })
        abandonedAtTimeout(entry, seen, ['rst-stream', ...H1_LEFT])
      },
    }),
  },
  {
    name: 'reset: a TCP reset',
    faults: (l) => [{ type: 'reset', match: { provider: l.provider } }],
    ...same({
      client: (seen) => {
        expect(seen.status).toBeUndefined()
        expect(seen.error).toBeDefined()
        expect(seen.error).not.toBe('timeout')
      },
      entry: (entry) => expect(entry.wire).toMatchObject({ outcome: 'reset', status: 0, bytes: 0 }),
    }),
  },
  {
    name: 'rst-stream: RST_STREAM INTERNAL_ERROR (HTTP/1.1: a reset)',
    faults: (l) => [{ type: 'rst-stream', match: { provider: l.provider }, attributes: { code: 'INTERNAL_ERROR' } }],
    h2: {
      client: (seen) => expect([seen.error, seen.status]).toEqual(['INTERNAL_ERROR', undefined]),
      entry: (entry) => expect(entry.wire).toMatchObject({ outcome: 'rst-stream', code: 0x2, status: 0 }),
    },
    h1: {
      client: (seen) => {
        expect(seen.status).toBeUndefined()
        expect(seen.error).toMatch(/ECONNRESET|socket hang up/)
      },
      entry: (entry) => expect(entry.wire).toMatchObject({ outcome: 'reset', status: 0 }),
    },
  },
  {
    name: 'rst-stream after part of the answer',
    faults: (l) => [{ type: 'rst-stream', match: { provider: l.provider }, attributes: { code: 'INTERNAL_ERROR', afterBytes: 5 } }],
    h2: {
      client: (seen) => {
        expect(seen.error).toBe('INTERNAL_ERROR')
        expect(seen.status).toBeGreaterThanOrEqual(200)
        expect(seen.body.length).toBe(5)
      },
      entry: (entry, seen) => expect(entry.wire).toMatchObject({ outcome: 'cut', status: seen.status, bytes: 5, code: 0x2 }),
    },
    h1: {
      client: (seen) => {
        expect(seen.complete).toBe(false)
        expect(seen.body.length).toBe(5)
      },
      entry: (entry, seen) => expect(entry.wire).toMatchObject({ outcome: 'cut', status: seen.status, bytes: 5 }),
    },
  },
  {
    name: 'refuse: REFUSED_STREAM (HTTP/1.1: closed unanswered)',
    faults: (l) => [{ type: 'refuse-stream', match: { provider: l.provider } }],
    h2: {
      client: (seen) => expect([seen.error, seen.status]).toEqual(['REFUSED_STREAM', undefined]),
      entry: (entry) => expect(entry.wire).toMatchObject({ outcome: 'refused', status: 0, code: 0x7 }),
    },
    h1: {
      client: (seen) => {
        expect(seen.status).toBeUndefined()
        expect(seen.error).toMatch(/ECONNRESET|socket hang up/)
      },
      entry: (entry) => expect(entry.wire).toMatchObject({ outcome: 'refused', status: 0 }),
    },
  },
  {
    name: 'goaway: the answer, then GOAWAY with the reason as debug data',
    faults: (l) => [{ type: 'goaway', match: { provider: l.provider }, attributes: { reason: 'Shutdown' } }],
    h2: {
      client: (seen) => {
        complete(seen)
        expect(seen.goaways).toEqual([[0, 1, '{"reason":"Shutdown"}']])
      },
      entry: (entry, seen) => {
        answered(entry, seen)
        expect(entry.delivery).toBe('goaway')
      },
    },
    h1: {
      client: (seen) => {
        complete(seen)
        expect(seen.headers?.connection).toBe('close')
      },
      entry: answered,
    },
  },
  {
    name: 'goaway without a debug payload, above the stream: dropped unprocessed',
    faults: (l) => [{ type: 'goaway', match: { provider: l.provider }, attributes: { lastStreamId: 0 } }],
    h2: {
      client: (seen) => {
        expect(seen.status).toBeUndefined()
        expect(seen.goaways).toEqual([[0, 0, '']])
      },
      entry: (entry) => expect(entry.wire).toMatchObject({ outcome: 'dropped', status: 0, bytes: 0 }),
    },
    // HTTP/1.1 has no stream ids: the answer goes out with Connection: close.
    h1: { client: complete, entry: answered },
  },
  {
    name: 'graceful goaway: its first phase, the stream answered',
    lingerMs: 100,
    faults: (l) => [{ type: 'goaway', match: { provider: l.provider }, attributes: { graceful: true } }],
    h2: {
      client: (seen) => {
        complete(seen)
        // node:http2 closes once its streams are done, before the second phase (see 'graceful goaway' below for both).
        expect(seen.goaways[0]).toEqual([0, 2 ** 31 - 1, ''])
      },
      entry: answered,
    },
    h1: { client: complete, entry: answered },
  },
]

async function exchangeOn(listener: ListenerCase, deliveryCase: DeliveryCase): Promise<{ seen: Observation; entry: LedgerEntry }> {
  for (const fault of deliveryCase.faults(listener)) {
    const added = sims.faults.add(fault)
    if (!added.ok) throw new Error(added.error.message)
  }
  const before = sims.ledger.recorded
  const request: WireRequest = {
    url: sims.endpoints[listener.endpoint],
    protocol: listener.protocol,
    ca: sims.tls.ca,
    path: listener.path,
    body: listener.body,
    headers: listener.provider === 'webpush' ? { ttl: '60', 'content-encoding': 'aes128gcm' } : { 'content-type': 'application/json' },
    timeoutMs: deliveryCase.timeoutMs ?? TIMEOUT_MS,
    ...(deliveryCase.lingerMs === undefined ? {} : { lingerMs: deliveryCase.lingerMs }),
  }
  const seen = await send(request)
  // The server settles an abandoned exchange when the client's RST_STREAM or FIN reaches it.
  const deadline = Date.now() + 2_000
  let entries = sims.ledger.query({ afterSeq: before, provider: listener.provider }).entries
  while (entries.length === 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10))
    entries = sims.ledger.query({ afterSeq: before, provider: listener.provider }).entries
  }
  expect(entries, 'exactly one ledger entry for the exchange').toHaveLength(1)
  return { seen, entry: entries[0]! }
}

describe.each(LISTENERS)('$name', (listener) => {
  it.each(CASES)('$name', async (deliveryCase) => {
    const { seen, entry } = await exchangeOn(listener, deliveryCase)
    const expectation = listener.protocol === 'h2' ? deliveryCase.h2 : deliveryCase.h1
    expectation.client(seen)
    expect(entry.transport).toBe(listener.transport)
    expect(entry.request.scheme).toBe(listener.endpoint.endsWith('Tls') || listener.endpoint === 'apns' ? 'https' : 'http')
    expectation.entry(entry, seen)
  })
})

describe('abandonment times', () => {
  it.each([
    ['APNs over TLS (h2)', LISTENERS[0]!],
    ['FCM over plain HTTP/1.1', LISTENERS[2]!],
    ['Web Push over TLS (h2)', LISTENERS[7]!],
  ])('a hang abandoned by a client with a 2 s timeout is recorded as abandoned after 2 s ± 50 ms (%s)', async (_name, listener) => {
    const { seen, entry } = await exchangeOn(listener, { ...CASES.find((c) => c.name.startsWith('hang'))!, timeoutMs: 2_000 })
    expect(seen.error).toBe('timeout')
    expect(entry.wire.outcome).toBe('abandoned')
    abandonedAtTimeout(entry, seen, ['rst-stream', ...H1_LEFT], 2_000)
  })
})
