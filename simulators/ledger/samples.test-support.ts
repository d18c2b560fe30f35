/** Ledger records of many shapes, for the schema and reader tests. */
import type { DeliveryKind } from '../kernel/delivery.ts'
import type { ProviderName, Transport } from '../kernel/exchange.ts'
import { buildRequest, newConnection } from '../kernel/request.ts'
import type { Departure, WireOutcome, WireOutcomeKind } from '../kernel/wire-outcome.ts'
import { toRecord, type ExchangeFacts, type LedgerRecord, type PlaintextResult, type RecordedKind } from './entry.ts'

// Each list is checked both ways: its values are members of the union (satisfies), and the union has no member it lacks (COVERED).
export const PROVIDERS = ['apns', 'fcm', 'webpush'] as const satisfies readonly ProviderName[]
export const TRANSPORTS = ['http/1.1', 'h2', 'h2c', 'in-process'] as const satisfies readonly Transport[]
export const RECORDED_KINDS = ['respond', 'hang', 'reset', 'rst-stream', 'refuse', 'goaway', 'none'] as const satisfies readonly RecordedKind[]
export const OUTCOMES = ['answered', 'cut', 'refused', 'dropped', 'reset', 'rst-stream', 'abandoned', 'unanswered', 'hung'] as const satisfies readonly WireOutcomeKind[]
export const DEPARTURES = ['rst-stream', 'fin', 'tcp-reset', 'goaway'] as const satisfies readonly Departure[]

type Covers<Listed, All> = [Exclude<All, Listed>] extends [never] ? true : never
export const COVERED: [
  Covers<(typeof PROVIDERS)[number], ProviderName>,
  Covers<(typeof TRANSPORTS)[number], Transport>,
  Covers<(typeof RECORDED_KINDS)[number], DeliveryKind | 'none'>,
  Covers<(typeof OUTCOMES)[number], WireOutcomeKind>,
  Covers<(typeof DEPARTURES)[number], Departure>,
] = [true, true, true, true, true]

export interface Shape {
  provider?: ProviderName
  transport?: Transport
  delivery?: RecordedKind
  wire?: WireOutcome
  wireAfterMs?: number
  wireLeftAfterMs?: number
  body?: string | Buffer
  bodyLength?: number
  rawHeaders?: readonly string[]
  status?: number
  responseBody?: string | Buffer
  note?: ExchangeFacts['note']
  faults?: readonly string[]
  streamId?: number
  startedAt?: number
  durationMs?: number
  plaintext?: PlaintextResult
}

const connections = new Map<Transport, ReturnType<typeof newConnection>>()
const connectionFor = (transport: Transport) => {
  let connection = connections.get(transport)
  if (!connection) connections.set(transport, (connection = newConnection(transport, transport !== 'h2c' && transport !== 'in-process')))
  return connection
}

export function sampleRecord(seq: number, shape: Shape = {}): LedgerRecord {
  const transport = shape.transport ?? 'h2'
  const streamId = shape.streamId ?? (transport === 'h2' || transport === 'h2c' ? seq * 2 - 1 : undefined)
  const request = buildRequest({
    path: '/3/device/abc',
    body: shape.body ?? '{"aps":{"alert":"hi"}}',
    connection: connectionFor(transport),
    ...(streamId === undefined ? {} : { streamId }),
  })
  const status = shape.status ?? 200
  const record = toRecord(seq, {
    provider: shape.provider ?? 'apns',
    request: {
      ...request,
      rawHeaders: shape.rawHeaders ?? [':method', 'POST', 'Content-Type', 'application/json', 'authorization', 'bearer a.b.c', 'x-rep', '1', 'X-Rep', '2'],
      bodyLength: shape.bodyLength ?? request.body.length,
    },
    response: { status, headers: { 'content-type': 'application/json', 'apns-id': `id-${seq}` }, body: shape.responseBody ?? '{"ok":true}' },
    delivery: shape.delivery ?? 'respond',
    note: shape.note,
    startedAt: shape.startedAt ?? Date.UTC(2026, 0, 1) + seq,
    durationMs: shape.durationMs ?? 1.2345678,
    wire: shape.wire ?? { kind: 'answered', status, bytes: 11 },
    wireAfterMs: shape.wireAfterMs ?? 0.75,
    wireLeftAfterMs: shape.wireLeftAfterMs,
    faults: shape.faults ?? [],
  })
  if (shape.plaintext) record.plaintext = shape.plaintext
  return record
}

/** The wire outcomes the adapters produce, with and without their optional fields, each a valid shape. */
export function validWires(): { wire: WireOutcome; leftAfterMs?: number }[] {
  return [
    { wire: { kind: 'answered', status: 200, bytes: 11 } },
    { wire: { kind: 'answered', status: 200, bytes: 11, by: 'fin' }, leftAfterMs: 0.25 },
    { wire: { kind: 'answered', status: 200, bytes: 11 }, leftAfterMs: 0 },
    { wire: { kind: 'cut', status: 200, bytes: 3 } },
    { wire: { kind: 'cut', status: 200, bytes: 3, code: 2 } },
    { wire: { kind: 'cut', status: 200, bytes: 3 }, leftAfterMs: 0.5 },
    { wire: { kind: 'refused', status: 0, bytes: 0 } },
    { wire: { kind: 'refused', status: 0, bytes: 0, code: 7 } },
    { wire: { kind: 'dropped', status: 0, bytes: 0 } },
    { wire: { kind: 'reset', status: 0, bytes: 0 } },
    { wire: { kind: 'rst-stream', status: 0, bytes: 0, code: 8 } },
    ...DEPARTURES.map((by) => ({ wire: { kind: 'abandoned', status: 0, bytes: 0, by } as WireOutcome })),
    { wire: { kind: 'abandoned', status: 200, bytes: 5, by: 'rst-stream', code: 8 } },
    { wire: { kind: 'unanswered', status: 0, bytes: 0 } },
    { wire: { kind: 'hung', status: 0, bytes: 0 } },
  ]
}

/** Records of every shape the schema must accept: providers, transports, deliveries, wire outcomes, bodies, plaintexts. */
export function sampleRecords(): LedgerRecord[] {
  const shapes: Shape[] = [
    ...PROVIDERS.map((provider) => ({ provider })),
    ...TRANSPORTS.map((transport) => ({ transport })),
    ...RECORDED_KINDS.map((delivery) => ({ delivery, status: delivery === 'respond' ? 200 : 0, wire: { kind: 'hung', status: 0, bytes: 0 } as WireOutcome })),
    ...validWires().map(({ wire, leftAfterMs }) => ({ wire, status: wire.status, ...(leftAfterMs === undefined ? {} : { wireLeftAfterMs: leftAfterMs }) })),
    { body: '' },
    { body: 'é€😀 "quoted" \u2028 tab\t newline\n' },
    { body: Buffer.from([0, 1, 2, 255]) },
    { body: Buffer.from([0xc3, 0x28, 0x41]) },
    { body: 'a\u0001b' },
    { body: Buffer.alloc(1000, 7), bodyLength: 70_000 },
    { note: { target: 'tok', flavour: 'production', reason: 'BadDeviceToken' }, status: 400, responseBody: Buffer.from('{"reason":"BadDeviceToken"}') },
    { faults: ['latency-1', 'conn-stall'] },
    { rawHeaders: ['authorization', 'vapid t=a.b.c, k=BPublicKey', 'crypto-key', 'dh=abc'] },
    { rawHeaders: [] },
    { provider: 'webpush', note: { flavour: 'firefox', target: 'sub-1' }, plaintext: { ok: true, text: 'hello "there"', base64: '' } },
    { provider: 'webpush', note: { flavour: 'chrome' }, plaintext: { ok: false, error: 'aes128gcm: bad tag' } },
    { provider: 'webpush', plaintext: { ok: true, text: '', base64: '' } },
    { durationMs: 0, wireAfterMs: 0 },
    { durationMs: 120_000.123456, wireAfterMs: 30_000.0004 },
    { startedAt: Date.UTC(1999, 11, 31, 23, 59, 59, 999) },
  ]
  return shapes.map((shape, i) => sampleRecord(i + 1, shape))
}
