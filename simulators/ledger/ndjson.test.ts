import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ConnectionInfo, ProviderName } from '../kernel/exchange.ts'
import { buildRequest, newConnection } from '../kernel/request.ts'
import { redactedHeaders, toEntry, type ExchangeFacts, type LedgerRecord } from './entry.ts'
import { createLedger } from './ledger.ts'
import { toNdjsonLine } from './ndjson-line.ts'
import { createNdjsonSink } from './ndjson-sink.ts'
import { cachedRequestHeadersJson } from './request-headers-json.ts'
import { tempDir } from '../../test/support/temp-dir.ts'

const expectedLine = (record: LedgerRecord): string => JSON.stringify(toEntry(record)) + '\n'

interface Shape {
  connection?: ConnectionInfo
  provider?: ProviderName
  rawHeaders?: readonly string[]
  body?: string | Buffer
  bodyLength?: number
  path?: string
  status?: number
  responseHeaders?: Record<string, string>
  responseBody?: string | Buffer
  target?: string
  faults?: readonly string[]
}

function facts(shape: Shape = {}): ExchangeFacts {
  const request = buildRequest({ path: shape.path ?? '/p', body: shape.body ?? '{"a":1}', ...(shape.connection ? { connection: shape.connection } : {}) })
  return {
    provider: shape.provider ?? 'fcm',
    request: {
      ...request,
      rawHeaders: shape.rawHeaders ?? ['content-type', 'application/json', 'authorization', 'Bearer a.b.c'],
      bodyLength: shape.bodyLength ?? request.body.length,
    },
    response: { status: shape.status ?? 200, headers: shape.responseHeaders ?? { 'content-type': 'application/json' }, body: shape.responseBody ?? '{}' },
    delivery: 'respond',
    note: shape.target === undefined ? undefined : { target: shape.target },
    startedAt: Date.UTC(2026, 0, 1),
    durationMs: 0.5,
    wire: { kind: 'answered', status: shape.status ?? 200, bytes: 2 },
    wireAfterMs: 0.25,
    wireLeftAfterMs: undefined,
    faults: shape.faults ?? [],
  }
}

describe('request headers JSON cache', () => {
  it('never returns stale JSON when a header value changes on the same connection', () => {
    const id = 9_000_001
    const first = ['content-type', 'application/json', 'authorization', 'Bearer one.two.three', 'content-length', '12']
    expect(cachedRequestHeadersJson(id, first)).toBe(JSON.stringify(redactedHeaders(first)))
    // Same length, same names, one value differs.
    const second = ['content-type', 'application/json', 'authorization', 'Bearer one.two.three', 'content-length', '13']
    expect(cachedRequestHeadersJson(id, second)).toBe(JSON.stringify(redactedHeaders(second)))
    // The caller's own array changed in place.
    second[1] = 'text/plain'
    expect(cachedRequestHeadersJson(id, second)).toBe(JSON.stringify(redactedHeaders(second)))
    // Fewer headers, and a scheme that changes how the credential is redacted.
    const third = ['content-type', 'text/plain', 'authorization', 'vapid t=x.y.z, k=BPub']
    expect(cachedRequestHeadersJson(id, third)).toBe(JSON.stringify(redactedHeaders(third)))
    expect(cachedRequestHeadersJson(id, first)).toBe(JSON.stringify(redactedHeaders(first)))
  })

  it('reuses the JSON of a frozen header list, and of a repeated one, keeping them apart', () => {
    const frozen = Object.freeze(['x-a', '1', 'x-b', '2'])
    const json = cachedRequestHeadersJson(9_000_002, frozen)
    expect(json).toBe('{"x-a":"1","x-b":"2"}')
    expect(cachedRequestHeadersJson(9_000_003, frozen)).toBe(json)
    expect(cachedRequestHeadersJson(9_000_002, ['x-a', '1', 'x-b', '3'])).toBe('{"x-a":"1","x-b":"3"}')
    expect(cachedRequestHeadersJson(9_000_002, frozen)).toBe(json)
  })

  it('stays right past its bound on connections', () => {
    for (let id = 9_100_000; id < 9_103_000; id++) {
      const raw = ['x-id', String(id % 7)]
      expect(cachedRequestHeadersJson(id, raw)).toBe(`{"x-id":"${id % 7}"}`)
    }
  })
})

describe('NDJSON lines reused from the connection’s previous exchange', () => {
  it('show each change, one field at a time, on one connection', () => {
    const ledger = createLedger()
    const connection = newConnection('http/1.1', true)
    const faults: string[] = []
    const mutableHeaders: Record<string, string> = { 'content-type': 'application/json' }
    const shapes: Shape[] = [
      {},
      {},
      { target: 't1' },
      { target: 't2' },
      { provider: 'apns' },
      { faults },
      { faults: ['f1'] },
      { path: '/q' },
      { rawHeaders: ['content-type', 'application/json', 'authorization', 'Bearer a.b.d'] },
      { body: '{"a":2}' },
      { body: '{"a":2}', bodyLength: 9000 },
      { body: Buffer.from([0, 1, 2, 255]) },
      { body: 'a\u0001b' },
      { body: 'a\u0001b' },
      { body: 'é€😀 "quoted" \u2028' },
      { status: 400 },
      { status: 400, responseBody: '{"reason":"Bad"}' },
      { status: 400, responseBody: Buffer.from('{"reason":"Bad"}') },
      { responseHeaders: mutableHeaders },
      { responseHeaders: mutableHeaders },
    ]
    for (const [i, shape] of shapes.entries()) {
      // Mutable inputs changed in place between exchanges must show too.
      if (i === 6) faults.push('late')
      if (i === 19) mutableHeaders['retry-after'] = '5'
      const record = ledger.append(facts({ connection, ...shape }))
      expect(toNdjsonLine(record), `shape ${i}`).toBe(expectedLine(record))
    }
  })

  it('are exactly JSON.stringify of the entry for random mixes across connections', () => {
    let seed = 42
    const random = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31
      return seed % n
    }
    const pick = <T>(values: readonly T[]): T => values[random(values.length)]!
    const connections = [newConnection('http/1.1', true), newConnection('h2', true), newConnection('in-process', false)]
    const sharedHeaders = Object.freeze({ 'content-type': 'application/json; charset=UTF-8' }) as Record<string, string>
    const frozenRaw = Object.freeze(['content-type', 'application/json', 'user-agent', 'bench'])
    const ledger = createLedger()
    for (let i = 0; i < 3000; i++) {
      const body = pick<string | Buffer>(['{"a":1}', '{"a":2}', '', 'ünï', 'a\u0000', Buffer.from([0xc3, 0x28])])
      const base = facts({
        connection: pick(connections),
        provider: pick(['apns', 'fcm', 'webpush'] as const),
        rawHeaders: pick([frozenRaw, ['authorization', pick(['bearer x', 'bearer y', 'vapid t=a, k=K'])], ['a', '1', 'A', '2']]),
        body,
        bodyLength: pick([undefined, 4096]),
        path: pick(['/a', '/b']),
        status: pick([200, 410]),
        responseHeaders: pick([sharedHeaders, { 'apns-id': String(random(3)) }]),
        responseBody: pick(['', '{}', '{"x":"\\"q\\""}']),
        target: pick([undefined, 't1', 't2']),
        faults: pick([[], ['drop'], ['drop', 'slow']]),
      })
      const record = ledger.append({
        ...base,
        delivery: pick(['respond', 'hang'] as const),
        note: { ...base.note, ...(random(2) ? { flavour: 'firefox' } : {}), ...(random(2) ? { reason: pick(['Bad', 'Gone']) } : {}) },
        request: { ...base.request, ...(random(2) ? { streamId: random(100) } : {}) },
        startedAt: Date.UTC(2026, 0, 1) + random(5),
        durationMs: random(100_000) / 7,
      })
      if (random(4) === 0) record.plaintext = random(2) ? { ok: true, text: 'hi "there"', base64: '' } : { ok: false, error: 'E: no' }
      expect(toNdjsonLine(record), `record ${i}`).toBe(expectedLine(record))
    }
  })
})

describe('NDJSON sink', () => {
  const tempFile = () => join(tempDir('ndjson-'), 'ledger.ndjson')
  const readLines = (path: string) => readFileSync(path, 'utf8').split('\n').slice(0, -1)

  afterEach(() => {
    vi.restoreAllMocks()
  })

  it('writes a line longer than its buffer, split across writes, byte for byte', async () => {
    const path = tempFile()
    const ledger = createLedger({ sink: createNdjsonSink(path, { intervalMs: 10_000, batchSize: 10_000, chunkBytes: 1000 }) })
    const records = [
      ledger.append(facts()),
      // Multi-byte characters across chunk boundaries: 64 KiB and more of them.
      ledger.append(facts({ body: 'é€😀"'.repeat(8 * 1024) })),
      ledger.append(facts({ body: Buffer.alloc(64 * 1024, 7) })),
      ledger.append(facts()),
    ]
    await ledger.flush()
    expect(readFileSync(path)).toEqual(Buffer.from(records.map(expectedLine).join('')))
    await ledger.close()
  })

  it('writes many records across batches and chunks, in order and byte for byte', async () => {
    const path = tempFile()
    const ledger = createLedger({ capacity: 10, sink: createNdjsonSink(path, { intervalMs: 1, batchSize: 100, chunkBytes: 4096 }) })
    const connection = newConnection('http/1.1', false)
    const expected: string[] = []
    for (let i = 0; i < 2500; i++) {
      const record = ledger.append(facts({ connection, target: `t${i % 3}`, body: `{"n":${i % 5}}` }))
      expected.push(expectedLine(record))
      if (i % 300 === 0) await new Promise((resolve) => setTimeout(resolve, 2))
    }
    await ledger.close()
    expect(readFileSync(path, 'utf8')).toBe(expected.join(''))
  })

  it('flush resolves once everything pushed so far is on disk, close flushes and then ignores pushes', async () => {
    const path = tempFile()
    const sink = createNdjsonSink(path, { intervalMs: 10_000, batchSize: 1000 })
    const ledger = createLedger({ sink })
    await sink.flush() // nothing pending
    for (let i = 0; i < 3; i++) ledger.append(facts())
    expect(readFileSync(path, 'utf8')).toBe('') // batched: nothing written before the interval or a flush
    const first = sink.flush()
    ledger.append(facts()) // pushed while the first write is in flight
    const second = sink.flush()
    await first
    await second
    expect(readLines(path).map((line) => JSON.parse(line).seq)).toEqual([1, 2, 3, 4])
    ledger.append(facts())
    await ledger.close()
    ledger.append(facts())
    await ledger.close()
    expect(readLines(path).map((line) => JSON.parse(line).seq)).toEqual([1, 2, 3, 4, 5])
  })

  it.skipIf(!existsSync('/dev/full'))('warns once per failed batch and keeps serving', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {})
    const sink = createNdjsonSink('/dev/full', { intervalMs: 10_000, batchSize: 1000, chunkBytes: 256 })
    const ledger = createLedger({ sink })
    for (let i = 0; i < 10; i++) ledger.append(facts()) // several chunks, one batch
    await ledger.flush()
    expect(warn).toHaveBeenCalledTimes(1)
    expect(String(warn.mock.calls[0]![0])).toMatch(/ledger write failed/)
    ledger.append(facts())
    await ledger.flush()
    expect(warn).toHaveBeenCalledTimes(2)
    expect(ledger.count()).toBe(11)
    await ledger.close()
  })
})
