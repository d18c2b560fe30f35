import { describe, expect, it } from 'vitest'
import type { DeliveryKind } from '../kernel/delivery.ts'
import type { DecryptRef, ProviderName } from '../kernel/exchange.ts'
import { buildRequest, newConnection } from '../kernel/request.ts'
import { toRecord, type LedgerRecord } from './entry.ts'
import { toNdjsonLine } from './ndjson-line.ts'
import type { LedgerQuery } from './query.ts'
import { RecordRing, type RingRecord } from './record-ring.ts'

const MiB = 1024 * 1024

/** The fields a test record may set; the rest get plain defaults. */
interface Spec {
  provider?: ProviderName
  flavour?: string
  target?: string
  reason?: string
  delivery?: DeliveryKind
  faults?: string[]
  status?: number
  method?: string
  path?: string
  connectionId?: number
  decrypt?: DecryptRef
  body?: string
  /** Pads the response body so the ring stores exactly this many bytes for the record. */
  bytes?: number
}

/** One appended record: what the ledger hands the ring, and the bytes the ring keeps for it. */
interface Item {
  record: LedgerRecord
  line: string
  bytes: number
}

function build(seq: number, spec: Spec, padding: string): { record: LedgerRecord; line: string } {
  const record = toRecord(seq, {
    provider: spec.provider ?? 'fcm',
    request: buildRequest({
      method: spec.method ?? 'POST',
      path: spec.path ?? '/p',
      body: spec.body ?? '{}',
      connection: newConnection('h2', true, spec.connectionId ?? 1),
    }),
    response: { status: spec.status ?? 200, headers: {}, body: padding },
    delivery: spec.delivery ?? 'respond',
    note: { target: spec.target, flavour: spec.flavour, reason: spec.reason, decrypt: spec.decrypt },
    startedAt: Date.UTC(2026, 0, 1),
    durationMs: 1,
    wire: { kind: 'answered', status: spec.status ?? 200, bytes: 0 },
    wireAfterMs: 1,
    wireLeftAfterMs: undefined,
    faults: spec.faults ?? [],
  })
  return { record, line: toNdjsonLine(record) }
}

/**
 * Bytes the ring keeps for a record: its line plus its filter fields, as
 * UTF-8 (record-ring.ts), which is what `maxBytes` bounds. Mirrored here so
 * the reference model can place records exactly as the arena must.
 */
function storedBytes(record: LedgerRecord, line: string): number {
  const faults = record.faults.length === 0 ? undefined : JSON.stringify(record.faults)
  const decrypt = record.decrypt === undefined ? undefined : JSON.stringify(record.decrypt)
  const key = [record.flavour, record.target, record.reason, record.method, record.path, faults, decrypt].filter((field) => field !== undefined).join('')
  return Buffer.byteLength(line) + Buffer.byteLength(key)
}

function item(seq: number, spec: Spec = {}): Item {
  let built = build(seq, spec, '')
  let bytes = storedBytes(built.record, built.line)
  if (spec.bytes !== undefined) {
    // ASCII in the response body is one byte each, and no length of it is written into the line.
    expect(spec.bytes, 'requested size below the record without padding').toBeGreaterThanOrEqual(bytes)
    built = build(seq, spec, 'x'.repeat(spec.bytes - bytes))
    bytes = storedBytes(built.record, built.line)
    expect(bytes).toBe(spec.bytes)
  }
  return { ...built, bytes }
}

/** The old array ledger's filter, verbatim: the oracle every ring scan must agree with. */
function matches(record: LedgerRecord, query: LedgerQuery): boolean {
  return (
    (query.provider === undefined || record.provider === query.provider) &&
    (query.flavour === undefined || record.flavour === query.flavour) &&
    (query.target === undefined || record.target === query.target) &&
    (query.reason === undefined || record.reason === query.reason) &&
    (query.delivery === undefined || record.delivery === query.delivery) &&
    (query.fault === undefined || (query.fault === 'true' ? record.faults.length > 0 : record.faults.includes(query.fault))) &&
    (query.status === undefined || record.status === query.status) &&
    (query.method === undefined || record.method === query.method) &&
    (query.pathPrefix === undefined || record.path.startsWith(query.pathPrefix)) &&
    (query.connectionId === undefined || record.connectionId === query.connectionId) &&
    (query.afterSeq === undefined || record.seq > query.afterSeq)
  )
}

/**
 * What the ring must keep, stated as geometry rather than as the ring's
 * free-run bookkeeping: a record goes right after the newest one if it fits
 * before the arena's end, else at offset 0; while it would overlap a kept
 * record the arena doubles (until maxBytes, records copied to its start
 * oldest first), then the oldest records go. Newest kept, never a hole.
 */
class ReferenceRing {
  kept: (Item & { at: number })[] = []
  /** How often a record ended exactly at the arena's end or at the next kept record: where an off-by-one shows. */
  exactFits = 0
  /** How often the arena grew while its records wrapped around its end (growth must unroll them). */
  wrappedGrowths = 0

  constructor(
    readonly capacity: number,
    readonly maxBytes: number,
    /** The arena's length; the ring starts at min(4 MiB, maxBytes). */
    public arenaBytes = Math.min(4 * MiB, maxBytes),
  ) {}

  append(next: Item): void {
    if (next.bytes > this.maxBytes) return // kept in the file only; the ring is untouched
    if (this.kept.length === this.capacity) this.kept.shift()
    for (;;) {
      const newest = this.kept.at(-1)
      const end = newest === undefined ? 0 : newest.at + newest.bytes
      const at = end + next.bytes <= this.arenaBytes ? end : 0
      const overlaps = this.kept.some((kept) => kept.at < at + next.bytes && at < kept.at + kept.bytes)
      if (at + next.bytes <= this.arenaBytes && !overlaps) {
        if (at + next.bytes === this.arenaBytes || this.kept.some((kept) => kept.at === at + next.bytes)) this.exactFits++
        this.kept.push({ ...next, at })
        return
      }
      if (this.arenaBytes < this.maxBytes) {
        if (this.kept.some((kept, index) => index > 0 && kept.at < this.kept[index - 1]!.at)) this.wrappedGrowths++
        this.arenaBytes = Math.min(this.maxBytes, Math.max(this.arenaBytes * 2, 1024))
        let offset = 0
        for (const kept of this.kept) {
          kept.at = offset
          offset += kept.bytes
        }
        continue
      }
      this.kept.shift()
    }
  }

  clear(): void {
    this.kept = []
  }
}

/** The ring's private arena, read for its length only. */
const arenaOf = (ring: RecordRing): Buffer => (ring as unknown as { arena: Buffer }).arena

/** The ring's private slot bookkeeping, read to confirm a test reaches the case it means to. */
const slotsOf = (ring: RecordRing) => ring as unknown as { first: number; slots: number }

/** Swaps an empty ring's first arena for a tiny one, so growth starts at once (the constructor never allocates below min(4 MiB, maxBytes)). */
function startTiny(ring: RecordRing, bytes: number): void {
  expect(ring.size).toBe(0)
  ;(ring as unknown as { arena: Buffer }).arena = Buffer.alloc(bytes)
}

const scanAll = (ring: RecordRing, query: LedgerQuery = {}): RingRecord[] => {
  const seen: RingRecord[] = []
  ring.scan(query, (record) => void seen.push(record))
  return seen
}

const seqsOf = (ring: RecordRing, query: LedgerQuery = {}): number[] => scanAll(ring, query).map((record) => record.seq)

/** A record as compared: seq, exact line (equal strings are equal UTF-8), decrypt ref. */
const view = (record: RingRecord | undefined) => record && { seq: record.seq, line: record.line, decrypt: record.decrypt }
const wanted = (want: Item) => ({ seq: want.record.seq, line: want.line, decrypt: want.record.decrypt })

/**
 * The ring against the model, after every append: size, oldest seq, the full
 * scan (seqs, exact lines, decrypt refs), get() of kept and dropped seqs,
 * the kept records being the newest suffix of those that fit, within maxBytes,
 * and the arena's length.
 */
function expectSame(ring: RecordRing, model: ReferenceRing, appended: readonly Item[]): void {
  const kept = model.kept
  expect(ring.size).toBe(kept.length)
  expect(ring.oldestSeq).toBe(kept[0]?.record.seq)
  const scanned = scanAll(ring)
  expect(scanned.map((record) => record.seq)).toEqual(kept.map((want) => want.record.seq))
  expect(scanned.map(view)).toEqual(kept.map(wanted))
  expect(kept.map((want) => view(ring.get(want.record.seq)))).toEqual(kept.map(wanted))

  const newest = kept.at(-1)
  if (newest !== undefined) expect(Buffer.from(ring.get(newest.record.seq)!.line).equals(Buffer.from(newest.line))).toBe(true)

  // A suffix of what fits, the newest always kept, never a hole.
  const fitting = appended.filter((each) => each.bytes <= model.maxBytes)
  expect(kept.map((want) => want.record.seq)).toEqual(fitting.slice(fitting.length - kept.length).map((each) => each.record.seq))
  const last = appended.at(-1)
  if (last !== undefined && last.bytes <= model.maxBytes) expect(kept.at(-1)?.record.seq).toBe(last.record.seq)
  expect(kept.length).toBeLessThanOrEqual(model.capacity)
  expect(kept.reduce((sum, want) => sum + want.bytes, 0)).toBeLessThanOrEqual(model.maxBytes)
  expect(arenaOf(ring).length).toBe(model.arenaBytes)
  expect(arenaOf(ring).length).toBeLessThanOrEqual(model.maxBytes)

  // Dropped, skipped and never-appended seqs are not found.
  const keptSeqs = new Set(kept.map((want) => want.record.seq))
  const newestSeq = appended.at(-1)?.record.seq ?? 0
  const oldestSeq = kept[0]?.record.seq ?? newestSeq + 1
  const absent = [0, -1, 0.5, newestSeq + 1, newestSeq + 1000, oldestSeq - 1, oldestSeq - 2, ...appended.slice(-40).map((each) => each.record.seq)]
  for (const seq of absent) if (!keptSeqs.has(seq)) expect(ring.get(seq), `get(${seq})`).toBeUndefined()
}

/** Small, seeded and repeatable. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const PROVIDERS: ProviderName[] = ['apns', 'fcm', 'webpush']
const DELIVERIES: DeliveryKind[] = ['respond', 'hang', 'reset', 'rst-stream', 'goaway']
// undefined and '' both on purpose: a record without a target is not one with target ''.
const FLAVOURS = [undefined, '', 'alert', 'é-flavour', 'chrome']
const TARGETS = [undefined, '', 't1', 't1→', 'tök→😀', 'é']
const REASONS = [undefined, '', 'BadDeviceToken', 'Ünregistered→']
const METHODS = ['POST', 'GET', 'DELETE', '']
const PATHS = ['/', '/p', '/3/device/abc', '/push/é→😀/x', '/push/e', '/v1/projects/p/messages:send']
// JSON-stored: ids with a comma, a quote or a prefix of another must match only themselves.
const FAULT_SETS = [[], [], ['f-1'], ['f-1x'], ['f,2', 'é"'], ['true'], ['f-1', 'f-2']]
const STATUSES = [0, 200, 201, 410, 503]
const CONNECTIONS = [0, 1, 7, 2 ** 32 - 1]
const DECRYPTS: (DecryptRef | undefined)[] = [
  undefined,
  { encoding: 'aes128gcm', subscriptionId: 'abc' },
  { encoding: 'aesgcm', subscriptionId: 'sü→', salt: 'c2FsdA', dh: 'BPub_-key' },
]
const BODY_CHARS = ['a', 'b', ' ', 'é', '→', '😀', '"', '\\', '\n']

/** A record with random filter fields and a body of random length and script. */
function randomSpec(random: () => number, bodyChars: number): Spec {
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!
  const provider = pick(PROVIDERS)
  let body = ''
  for (let i = 0; i < bodyChars; i++) body += pick(BODY_CHARS)
  return {
    provider,
    flavour: pick(FLAVOURS),
    target: pick(TARGETS),
    reason: pick(REASONS),
    delivery: pick(DELIVERIES),
    faults: pick(FAULT_SETS),
    status: pick(STATUSES),
    method: pick(METHODS),
    path: pick(PATHS),
    connectionId: pick(CONNECTIONS),
    ...(provider === 'webpush' ? { decrypt: pick(DECRYPTS) } : {}),
    body,
  }
}

/** Every filter alone (matching and not), afterSeq around and inside the kept range, and random combinations. */
function queriesFor(kept: readonly number[], random: () => number): LedgerQuery[] {
  const defined = <T>(values: readonly (T | undefined)[]): T[] => values.filter((value): value is T => value !== undefined)
  const queries: LedgerQuery[] = [{}]
  for (const provider of [...PROVIDERS, 'nope', '']) queries.push({ provider })
  for (const flavour of [...defined(FLAVOURS), 'nope', 'é']) queries.push({ flavour })
  for (const target of [...defined(TARGETS), 'tök', 't']) queries.push({ target })
  for (const reason of [...defined(REASONS), 'Bad']) queries.push({ reason })
  for (const delivery of [...DELIVERIES, 'nope']) queries.push({ delivery })
  for (const fault of ['true', 'f-1', 'f-1x', 'f-2', 'f,2', 'é"', 'f', '', 'nope']) queries.push({ fault })
  for (const status of [...STATUSES, 404]) queries.push({ status })
  for (const method of [...METHODS, 'post']) queries.push({ method })
  for (const pathPrefix of ['', '/', '/p', '/push/é', '/push/é→😀/x', '/push/é→😀/xy', '/push/e', '/3/', 'p']) queries.push({ pathPrefix })
  for (const connectionId of [...CONNECTIONS, 2]) queries.push({ connectionId })
  const oldest = kept[0] ?? 0
  const newest = kept.at(-1) ?? 0
  const middle = kept[kept.length >> 1] ?? 0
  for (const afterSeq of [-1, 0, oldest - 2, oldest - 1, oldest, oldest + 0.5, middle - 1, middle, newest - 1, newest, newest + 1, 1e15]) queries.push({ afterSeq })
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!
  for (let i = 0; i < 25; i++) {
    const query: LedgerQuery = {}
    if (random() < 0.4) query.provider = pick(PROVIDERS)
    if (random() < 0.3) query.flavour = pick(defined(FLAVOURS))
    if (random() < 0.3) query.target = pick(defined(TARGETS))
    if (random() < 0.2) query.reason = pick(defined(REASONS))
    if (random() < 0.3) query.delivery = pick(DELIVERIES)
    if (random() < 0.3) query.fault = pick(['true', 'f-1', 'f,2'])
    if (random() < 0.3) query.status = pick(STATUSES)
    if (random() < 0.2) query.method = pick(METHODS)
    if (random() < 0.3) query.pathPrefix = pick(['/', '/push/', '/3/device/abc'])
    if (random() < 0.3) query.connectionId = pick(CONNECTIONS)
    if (random() < 0.4) query.afterSeq = pick(kept.length === 0 ? [0] : kept) - 1
    queries.push(query)
  }
  return queries
}

function expectFiltersAgree(ring: RecordRing, model: ReferenceRing, random: () => number): void {
  const kept = model.kept.map((want) => want.record.seq)
  for (const query of queriesFor(kept, random)) {
    const want = model.kept.filter((each) => matches(each.record, query)).map((each) => each.record.seq)
    expect(seqsOf(ring, query), JSON.stringify(query)).toEqual(want)
  }
}

/**
 * Appends `count` seeded random records to a fresh ring and its model,
 * comparing them after every append and every filter every few appends.
 * Sizes come from `size`: `bodyChars` for a random body, or `bytes` for an
 * exact size (so records meet the arena's end and each other exactly).
 */
function run(options: { seed: number; capacity: number; maxBytes: number; count: number; tinyArena?: number; size: (random: () => number, seq: number) => { bodyChars: number } | { bytes: number } }) {
  const random = mulberry32(options.seed)
  const ring = new RecordRing({ capacity: options.capacity, maxBytes: options.maxBytes })
  const model = new ReferenceRing(options.capacity, options.maxBytes)
  if (options.tinyArena !== undefined) {
    startTiny(ring, options.tinyArena)
    model.arenaBytes = options.tinyArena
  }
  const appended: Item[] = []
  let droppedForBytes = 0
  let droppedForCount = 0
  let skipped = 0
  for (let seq = 1; seq <= options.count; seq++) {
    const size = options.size(random, seq)
    const spec = randomSpec(random, 'bodyChars' in size ? size.bodyChars : 3)
    const next = item(seq, 'bytes' in size ? { ...spec, bytes: size.bytes } : spec)
    const before = model.kept.length
    appended.push(next)
    ring.append(next.record, next.line)
    model.append(next)
    if (next.bytes > options.maxBytes) skipped++
    else if (model.kept.length <= before) {
      if (before === options.capacity && model.kept.length === before) droppedForCount++
      else droppedForBytes++
    }
    expectSame(ring, model, appended)
    if (seq % 5 === 0) expectFiltersAgree(ring, model, random)
  }
  return { ring, model, appended, droppedForBytes, droppedForCount, skipped }
}

describe('RecordRing', () => {
  it('starts with an arena of min(4 MiB, maxBytes) and nothing in it', () => {
    const small = new RecordRing({ capacity: 10, maxBytes: 5000 })
    expect(arenaOf(small).length).toBe(5000)
    expect(arenaOf(new RecordRing({ capacity: 10, maxBytes: 256 * MiB })).length).toBe(4 * MiB)
    expect(small.size).toBe(0)
    expect(small.oldestSeq).toBeUndefined()
    expect(seqsOf(small)).toEqual([])
    expect(seqsOf(small, { afterSeq: 0 })).toEqual([])
    expect(small.get(1)).toBeUndefined()
  })

  it('keeps the newest `capacity` records when the count binds', () => {
    const ring = new RecordRing({ capacity: 3, maxBytes: MiB })
    const model = new ReferenceRing(3, MiB)
    const appended: Item[] = []
    for (let seq = 1; seq <= 10; seq++) {
      const next = item(seq, { target: `t${seq}`, body: 'é→😀'.repeat(seq) })
      appended.push(next)
      ring.append(next.record, next.line)
      model.append(next)
      expectSame(ring, model, appended)
      expect(seqsOf(ring)).toEqual(Array.from({ length: Math.min(seq, 3) }, (_, i) => Math.max(seq - 2, 1) + i))
    }
  })

  it('capacity 1 keeps only the newest', () => {
    const ring = new RecordRing({ capacity: 1, maxBytes: 4096 })
    for (let seq = 1; seq <= 5; seq++) {
      const next = item(seq, { body: 'x'.repeat(seq * 300) })
      ring.append(next.record, next.line)
      expect(seqsOf(ring)).toEqual([seq])
      expect(ring.get(seq)?.line).toBe(next.line)
      expect(ring.get(seq - 1)).toBeUndefined()
    }
  })

  it('drops the oldest by bytes at exact fits: equal records, maxBytes a multiple of their size', () => {
    const size = 1000
    for (const perArena of [1, 2, 3, 4, 7]) {
      const maxBytes = perArena * size
      const ring = new RecordRing({ capacity: 100, maxBytes })
      const model = new ReferenceRing(100, maxBytes)
      const appended: Item[] = []
      for (let seq = 1; seq <= 4 * perArena + 3; seq++) {
        const next = item(seq, { bytes: size, target: seq % 2 ? 'é' : 't' })
        appended.push(next)
        ring.append(next.record, next.line)
        model.append(next)
        expectSame(ring, model, appended)
        // The arena holds exactly perArena of them, once full: nothing is dropped early.
        expect(ring.size).toBe(Math.min(seq, perArena))
      }
    }
  })

  it('drops the oldest by bytes at near fits: one byte over and one byte under', () => {
    for (const [sizes, maxBytes] of [
      [[1000, 1000, 1001, 999, 1000, 1000, 1000, 2000, 999, 1001], 3000],
      [[1500, 1500, 1500, 1499, 1501, 1500, 3000, 1, 2999], 3000],
      [[2000, 1000, 1001, 1999, 1000, 1000, 3000, 1000, 2001], 4001],
    ] as [number[], number][]) {
      const ring = new RecordRing({ capacity: 100, maxBytes })
      const model = new ReferenceRing(100, maxBytes)
      const appended: Item[] = []
      sizes.forEach((bytes, index) => {
        // Sizes below a bare record are raised to it: the point is the pattern around the arena's end.
        const next = item(index + 1, { bytes: Math.max(bytes, 700) })
        appended.push(next)
        ring.append(next.record, next.line)
        model.append(next)
        expectSame(ring, model, appended)
      })
    }
  })

  it('skips a record larger than maxBytes without disturbing the others, and keeps one of exactly maxBytes', () => {
    const maxBytes = 3000
    for (const capacity of [2, 3, 100]) {
      const ring = new RecordRing({ capacity, maxBytes })
      const model = new ReferenceRing(capacity, maxBytes)
      const appended: Item[] = []
      const push = (next: Item) => {
        appended.push(next)
        ring.append(next.record, next.line)
        model.append(next)
        expectSame(ring, model, appended)
      }
      push(item(1, { bytes: 1000 }))
      push(item(2, { bytes: 1000 }))
      // Full by count (capacity 2) or not: the ring must look exactly as before.
      const before = seqsOf(ring)
      push(item(3, { bytes: maxBytes + 1 }))
      expect(seqsOf(ring)).toEqual(before)
      expect(ring.get(3)).toBeUndefined()
      push(item(4, { body: '😀'.repeat(maxBytes) }))
      expect(seqsOf(ring)).toEqual(before)
      push(item(5, { bytes: 1000 }))
      push(item(6, { bytes: maxBytes }))
      expect(seqsOf(ring)).toEqual([6])
      push(item(7, { bytes: maxBytes + 1 }))
      expect(seqsOf(ring)).toEqual([6])
      push(item(8, { bytes: 1000 }))
      expect(seqsOf(ring)).toEqual([8])
      expect(seqsOf(ring, { afterSeq: 2 })).toEqual([8])
    }
  })

  describe('against the reference model, seeded random appends', () => {
    const smallRecord = (random: () => number) => ({ bodyChars: Math.floor(random() * 40) })
    // Mostly small, some large, now and then close to maxBytes or above it (every body character is 1 to 4 bytes).
    const mixedRecord = (maxBytes: number) => (random: () => number) => {
      const roll = random()
      if (roll < 0.03) return { bodyChars: maxBytes }
      if (roll < 0.06) return { bodyChars: Math.floor(maxBytes / 2.4) }
      if (roll < 0.3) return { bodyChars: Math.floor(random() * (maxBytes / 8)) }
      return { bodyChars: Math.floor(random() * 60) }
    }
    // Multiples of a unit, and one off them, so records often meet exactly.
    const unitRecord = (unit: number) => (random: () => number) => {
      const multiple = 1 + Math.floor(random() * 3)
      return { bytes: multiple * unit + [0, 0, 0, 1, -1][Math.floor(random() * 5)]! }
    }

    it.each([1, 2, 3])('eviction by count alone (seed %i)', (seed) => {
      const result = run({ seed, capacity: 7, maxBytes: MiB, count: 300, size: smallRecord })
      expect(result.droppedForCount).toBeGreaterThan(250)
      expect(result.droppedForBytes).toBe(0)
    })

    it.each([4, 5, 6])('eviction by bytes alone, multi-byte bodies and skipped giants (seed %i)', (seed) => {
      const maxBytes = 12_000
      const result = run({ seed, capacity: 10_000, maxBytes, count: 400, size: mixedRecord(maxBytes) })
      expect(result.droppedForBytes).toBeGreaterThan(100)
      expect(result.droppedForCount).toBe(0)
      expect(result.skipped).toBeGreaterThan(3)
    })

    it.each([7, 8, 9])('eviction by bytes at exact and near fits (seed %i)', (seed) => {
      const result = run({ seed, capacity: 10_000, maxBytes: 7 * 1200, count: 400, size: unitRecord(1200) })
      expect(result.droppedForBytes).toBeGreaterThan(100)
      expect(result.model.exactFits).toBeGreaterThan(20)
    })

    it.each([10, 11, 12])('eviction by count and bytes interleaved (seed %i)', (seed) => {
      const maxBytes = 9000
      const result = run({ seed, capacity: 5, maxBytes, count: 500, size: mixedRecord(maxBytes) })
      // Preconditions: the mix exercises both kinds of eviction (about 30 each).
      expect(result.droppedForBytes).toBeGreaterThan(20)
      expect(result.droppedForCount).toBeGreaterThan(20)
      expect(result.skipped).toBeGreaterThan(3)
    })

    it.each([13, 14])('eviction by count and bytes interleaved at exact fits (seed %i)', (seed) => {
      const result = run({ seed, capacity: 3, maxBytes: 7 * 1200, count: 400, size: unitRecord(1200) })
      // Preconditions: the mix exercises both kinds of eviction (about 30 each).
      expect(result.droppedForBytes).toBeGreaterThan(20)
      expect(result.droppedForCount).toBeGreaterThan(20)
      expect(result.model.exactFits).toBeGreaterThan(10)
    })

    it.each([15, 16, 17])('arena growth from a tiny first arena up to maxBytes, wrapped or not (seed %i)', (seed) => {
      const maxBytes = 40_000 // not a power of two: the last growth is clamped
      // Records grow over the run, so the arena wraps (the count frees its start) before a larger one makes it grow.
      const growing = (random: () => number, seq: number) => ({ bodyChars: Math.floor(random() * seq * 16) })
      const result = run({ seed, capacity: 5, maxBytes, count: 400, tinyArena: 64, size: growing })
      expect(arenaOf(result.ring).length).toBe(maxBytes)
      expect(result.droppedForCount).toBeGreaterThan(0)
      expect(result.droppedForBytes).toBeGreaterThan(0)
      expect(result.model.wrappedGrowths).toBeGreaterThan(0)
    })

    it('arena growth at exact fits', () => {
      const result = run({ seed: 18, capacity: 8, maxBytes: 20 * 1100, count: 300, tinyArena: 1100, size: unitRecord(1100) })
      expect(arenaOf(result.ring).length).toBe(20 * 1100)
      expect(result.model.exactFits).toBeGreaterThan(0)
      expect(result.model.wrappedGrowths).toBeGreaterThan(0)
    })
  })

  it('grows the arena while its records wrap around the end, unrolling them oldest first', () => {
    const ring = new RecordRing({ capacity: 3, maxBytes: MiB })
    const model = new ReferenceRing(3, MiB, 2048)
    startTiny(ring, 2048)
    const appended: Item[] = []
    const push = (bytes: number) => {
      const next = item(appended.length + 1, { bytes, target: 'tök→😀' })
      appended.push(next)
      ring.append(next.record, next.line)
      model.append(next)
      expectSame(ring, model, appended)
    }
    push(600) // 1 at 0
    push(600) // 2 at 600
    push(600) // 3 at 1200
    push(600) // count drops 1: 4 at 0, exactly up to 2
    expect(model.kept.map((kept) => kept.at)).toEqual([600, 1200, 0])
    push(1000) // count drops 2: [600, 1200) is too short for 1000, so the arena grows with 3 and 4 wrapped
    expect(model.wrappedGrowths).toBe(1)
    expect(arenaOf(ring).length).toBe(4096)
    expect(seqsOf(ring)).toEqual([3, 4, 5])
  })

  it('grows a real 4 MiB first arena up to maxBytes with large multi-byte records intact, skipping one above maxBytes', () => {
    const maxBytes = 9 * MiB
    const ring = new RecordRing({ capacity: 100, maxBytes })
    const model = new ReferenceRing(100, maxBytes)
    expect(model.arenaBytes).toBe(4 * MiB)
    const appended: Item[] = []
    const random = mulberry32(99)
    const lengths: number[] = []
    for (let seq = 1; seq <= 22; seq++) {
      // é→😀 is 9 bytes in 4 UTF-16 units; seq 9 is 10 MiB, above maxBytes.
      const bytes = seq === 9 ? 10 * MiB : Math.floor((0.2 + random() * 0.5) * MiB)
      const next = item(seq, { body: 'é→😀'.repeat(Math.floor(bytes / 9)) + 'z'.repeat(seq), target: `tök${seq}` })
      appended.push(next)
      ring.append(next.record, next.line)
      model.append(next)
      expectSame(ring, model, appended)
      lengths.push(arenaOf(ring).length)
    }
    expect(new Set(lengths)).toEqual(new Set([4 * MiB, 8 * MiB, 9 * MiB]))
    expect(ring.get(9)).toBeUndefined()
  })

  it('does not grow the arena when the count, not the bytes, runs out', () => {
    // Default first arena: 10,000 records of ~1 KB wrap its 4 MiB twice; ten at a time always fit.
    const ring = new RecordRing({ capacity: 10, maxBytes: 256 * MiB })
    const model = new ReferenceRing(10, 256 * MiB)
    let appended: Item[] = []
    for (let seq = 1; seq <= 10_000; seq++) {
      const next = item(seq, { body: 'é'.repeat(200 + (seq % 300)), target: `t${seq % 7}` })
      appended.push(next)
      if (appended.length > 50) appended = appended.slice(-20)
      ring.append(next.record, next.line)
      model.append(next)
      if (seq % 97 === 0 || seq > 9990) expectSame(ring, model, appended)
    }
    expect(arenaOf(ring).length).toBe(4 * MiB)
    expect(seqsOf(ring)).toEqual(Array.from({ length: 10 }, (_, i) => 9991 + i))

    // A tiny first arena grows only until ten records always fit: never toward maxBytes.
    const tiny = new RecordRing({ capacity: 10, maxBytes: 256 * MiB })
    startTiny(tiny, 1024)
    const tinyModel = new ReferenceRing(10, 256 * MiB, 1024)
    appended = []
    for (let seq = 1; seq <= 10_000; seq++) {
      const next = item(seq, { bytes: 600 + (seq % 101) })
      appended.push(next)
      if (appended.length > 50) appended = appended.slice(-20)
      tiny.append(next.record, next.line)
      tinyModel.append(next)
      if (seq % 97 === 0 || seq > 9990) expectSame(tiny, tinyModel, appended)
    }
    // Ten records of at most 600 bytes always fit in 8 KiB, wrapped or not.
    expect(arenaOf(tiny).length).toBeLessThanOrEqual(8192)

    // The same records with room for all of them by count: now the bytes run out, and it grows.
    const byBytes = new RecordRing({ capacity: 10_000, maxBytes: 64 * 1024 })
    startTiny(byBytes, 1024)
    for (let seq = 1; seq <= 1000; seq++) {
      const next = item(seq, { bytes: 600 + (seq % 101) })
      byBytes.append(next.record, next.line)
    }
    expect(arenaOf(byBytes).length).toBe(64 * 1024)
  })

  it('grows the slot arrays past 1024 up to capacity, keeping order', () => {
    const capacity = 2500
    const ring = new RecordRing({ capacity, maxBytes: 64 * MiB })
    const model = new ReferenceRing(capacity, 64 * MiB)
    const appended: Item[] = []
    const boundaries = new Set([1, 1023, 1024, 1025, 2047, 2048, 2049, 2499, 2500, 2501, 2999, 3000])
    const random = mulberry32(2500)
    for (let seq = 1; seq <= 3000; seq++) {
      const next = item(seq, randomSpec(random, seq % 13))
      appended.push(next)
      ring.append(next.record, next.line)
      model.append(next)
      expect(ring.size).toBe(Math.min(seq, capacity))
      expect(ring.oldestSeq).toBe(Math.max(1, seq - capacity + 1))
      expect(ring.get(seq)?.line).toBe(next.line)
      if (boundaries.has(seq) || seq % 500 === 0) expectSame(ring, model, appended)
      if (seq === 1025 || seq === 2049 || seq === 3000) expectFiltersAgree(ring, model, random)
    }
  })

  it('wraps the slot ring before it ever fills: bytes bind long before capacity', () => {
    // capacity 2000 starts with 1024 slots; about ten records fit the bytes, so the oldest slot runs round the 1024 before any growth.
    const ring = new RecordRing({ capacity: 2000, maxBytes: 10 * 1000 })
    const model = new ReferenceRing(2000, 10 * 1000)
    let appended: Item[] = []
    const random = mulberry32(2000)
    for (let seq = 1; seq <= 1400; seq++) {
      const next = item(seq, { ...randomSpec(random, 2), bytes: 1000 - (seq % 3) })
      appended.push(next)
      if (appended.length > 60) appended = appended.slice(-30)
      ring.append(next.record, next.line)
      model.append(next)
      expectSame(ring, model, appended)
      if (seq % 100 === 0) expectFiltersAgree(ring, model, random)
    }
    expect(slotsOf(ring).slots).toBe(1024)
  })

  it('grows the slot arrays while the slot ring is wrapped (first slot not 0)', () => {
    // Three big records go first, by bytes, so the oldest record no longer sits in slot 0 when the 1024 slots fill.
    const size = 1000
    const maxBytes = 1500 * size
    const ring = new RecordRing({ capacity: 5000, maxBytes })
    const model = new ReferenceRing(5000, maxBytes)
    const appended: Item[] = []
    const push = (next: Item) => {
      appended.push(next)
      ring.append(next.record, next.line)
      model.append(next)
    }
    for (let seq = 1; seq <= 3; seq++) push(item(seq, { bytes: 600 * size }))
    expectSame(ring, model, appended)
    expect(seqsOf(ring)).toEqual([2, 3])
    const random = mulberry32(1500)
    for (let seq = 4; seq <= 3000; seq++) {
      if (seq === 1028) expect(slotsOf(ring)).toMatchObject({ first: 3, slots: 1024 })
      push(item(seq, { ...randomSpec(random, 2), bytes: size }))
      if (seq === 1028) expect(slotsOf(ring)).toMatchObject({ first: 0, slots: 2048 })
      expect(ring.get(seq)?.line).toBe(appended.at(-1)!.line)
      expect(ring.size).toBe(model.kept.length)
      expect(ring.oldestSeq).toBe(model.kept[0]!.record.seq)
      // The slot arrays grow at seq 1028, when 1024 records are kept from slot 3 on.
      if ((seq >= 1024 && seq <= 1032) || seq % 500 === 0) expectSame(ring, model, appended)
      if (seq === 1028 || seq === 1029 || seq === 3000) expectFiltersAgree(ring, model, random)
    }
    expect(ring.size).toBe(1500)
  })

  describe('filters', () => {
    const records = [
      item(1, { provider: 'apns', target: '', flavour: '', reason: '', path: '/3/device/abc', method: 'POST', status: 200, connectionId: 1 }),
      item(2, { provider: 'fcm', path: '/v1/projects/p/messages:send', method: 'GET', status: 404, connectionId: 2, delivery: 'hang', faults: ['f-1'] }),
      item(3, { provider: 'webpush', target: 'tök→😀', flavour: 'é-flavour', reason: 'Ünregistered', path: '/push/é→😀/x', status: 410, connectionId: 2 ** 32 - 1, delivery: 'goaway', faults: ['f,2', 'é"'], decrypt: { encoding: 'aes128gcm', subscriptionId: 'abc' } }),
      item(4, { provider: 'webpush', target: 't', path: '/push/e', status: 201, connectionId: 0, faults: ['true'], decrypt: { encoding: 'aesgcm', subscriptionId: 'sub', salt: 'c2FsdA', dh: 'BDh' } }),
      item(5, { provider: 'apns', target: 'tök', reason: 'BadDeviceToken', path: '/3/device/é', delivery: 'rst-stream', status: 0, faults: ['f-1x'] }),
    ]
    const fill = (capacity = 10) => {
      const ring = new RecordRing({ capacity, maxBytes: 64 * 1024 })
      for (const each of records) ring.append(each.record, each.line)
      return ring
    }

    it.each<[LedgerQuery, number[]]>([
      [{ provider: 'apns' }, [1, 5]],
      [{ provider: 'webpush' }, [3, 4]],
      [{ provider: 'nope' }, []],
      [{ provider: '' }, []],
      [{ flavour: '' }, [1]],
      [{ flavour: 'é-flavour' }, [3]],
      [{ target: '' }, [1]],
      [{ target: 'tök→😀' }, [3]],
      [{ target: 'tök' }, [5]],
      [{ target: 't' }, [4]],
      [{ reason: '' }, [1]],
      [{ reason: 'Ünregistered' }, [3]],
      [{ delivery: 'respond' }, [1, 4]],
      [{ delivery: 'goaway' }, [3]],
      [{ delivery: 'nope' }, []],
      [{ fault: 'true' }, [2, 3, 4, 5]],
      [{ fault: 'f-1' }, [2]],
      [{ fault: 'f,2' }, [3]],
      [{ fault: 'é"' }, [3]],
      [{ fault: 'f' }, []],
      [{ fault: '' }, []],
      [{ status: 0 }, [5]],
      [{ status: 410 }, [3]],
      [{ status: 500 }, []],
      [{ method: 'GET' }, [2]],
      [{ method: 'POST' }, [1, 3, 4, 5]],
      [{ pathPrefix: '' }, [1, 2, 3, 4, 5]],
      [{ pathPrefix: '/3/device/' }, [1, 5]],
      [{ pathPrefix: '/push/é' }, [3]],
      [{ pathPrefix: '/push/é→😀/x' }, [3]],
      [{ pathPrefix: '/push/é→😀/xy' }, []],
      [{ pathPrefix: '/push/e' }, [4]],
      [{ connectionId: 0 }, [4]],
      [{ connectionId: 2 ** 32 - 1 }, [3]],
      [{ connectionId: 1 }, [1, 5]],
      [{ afterSeq: -1 }, [1, 2, 3, 4, 5]],
      [{ afterSeq: 0 }, [1, 2, 3, 4, 5]],
      [{ afterSeq: 3 }, [4, 5]],
      [{ afterSeq: 3.5 }, [4, 5]],
      [{ afterSeq: 5 }, []],
      [{ afterSeq: 6 }, []],
      [{ provider: 'apns', fault: 'true' }, [5]],
      [{ provider: 'webpush', target: 't', afterSeq: 3 }, [4]],
      [{ provider: 'webpush', target: 't', afterSeq: 4 }, []],
      [{ pathPrefix: '/push/', status: 410, delivery: 'goaway', fault: 'é"', connectionId: 2 ** 32 - 1, flavour: 'é-flavour', reason: 'Ünregistered', method: 'POST' }, [3]],
      [{ pathPrefix: '/push/', status: 410, delivery: 'goaway', fault: 'é"', connectionId: 2 ** 32 - 1, flavour: 'é-flavour', reason: 'Ünregistered', method: 'GET' }, []],
    ])('%j matches %j', (query, want) => {
      expect(seqsOf(fill(), query)).toEqual(want)
      expect(records.filter((each) => matches(each.record, query)).map((each) => each.record.seq)).toEqual(want)
    })

    it('afterSeq once the oldest are dropped: before the oldest, at it, inside, at the newest, beyond', () => {
      const ring = fill(3) // keeps 3, 4, 5
      expect(seqsOf(ring)).toEqual([3, 4, 5])
      expect(seqsOf(ring, { afterSeq: 0 })).toEqual([3, 4, 5])
      expect(seqsOf(ring, { afterSeq: 1 })).toEqual([3, 4, 5])
      expect(seqsOf(ring, { afterSeq: 2 })).toEqual([3, 4, 5])
      expect(seqsOf(ring, { afterSeq: 3 })).toEqual([4, 5])
      expect(seqsOf(ring, { afterSeq: 4 })).toEqual([5])
      expect(seqsOf(ring, { afterSeq: 5 })).toEqual([])
      expect(seqsOf(ring, { afterSeq: 99 })).toEqual([])
    })

    it('round-trips decrypt refs, web push aes128gcm and aesgcm with salt and dh', () => {
      const ring = fill()
      expect(ring.get(3)!.decrypt).toEqual({ encoding: 'aes128gcm', subscriptionId: 'abc' })
      expect(ring.get(4)!.decrypt).toEqual({ encoding: 'aesgcm', subscriptionId: 'sub', salt: 'c2FsdA', dh: 'BDh' })
      expect(ring.get(1)!.decrypt).toBeUndefined()
      expect(scanAll(ring, { provider: 'webpush' }).map((record) => record.decrypt)).toEqual([records[2]!.record.decrypt, records[3]!.record.decrypt])
    })
  })

  it('scan stops when visit returns false, and goes on for true or nothing', () => {
    const ring = new RecordRing({ capacity: 4, maxBytes: 64 * 1024 })
    for (let seq = 1; seq <= 6; seq++) {
      const next = item(seq, { provider: seq % 2 ? 'apns' : 'fcm' })
      ring.append(next.record, next.line)
    }
    for (let stopAfter = 1; stopAfter <= 4; stopAfter++) {
      const seen: number[] = []
      ring.scan({}, (record) => seen.push(record.seq) < stopAfter)
      expect(seen).toEqual([3, 4, 5, 6].slice(0, stopAfter))
    }
    const filtered: number[] = []
    ring.scan({ provider: 'apns' }, (record) => {
      filtered.push(record.seq)
      return false
    })
    expect(filtered).toEqual([3])
    const all: number[] = []
    ring.scan({}, (record) => {
      all.push(record.seq)
      return true
    })
    expect(all).toEqual([3, 4, 5, 6])
  })

  it('clear() empties it; appends after it start over, in the arena it had', () => {
    for (const [capacity, maxBytes] of [
      [3, MiB],
      [100, 4000],
      [5, 4000],
    ] as [number, number][]) {
      const ring = new RecordRing({ capacity, maxBytes })
      const model = new ReferenceRing(capacity, maxBytes)
      const random = mulberry32(capacity)
      let appended: Item[] = []
      let seq = 0
      const push = (bodyChars: number) => {
        const next = item(++seq, randomSpec(random, bodyChars))
        appended.push(next)
        ring.append(next.record, next.line)
        model.append(next)
        expectSame(ring, model, appended)
      }
      for (let i = 0; i < 13; i++) push(Math.floor(random() * 300))
      ring.clear()
      model.clear()
      appended = []
      expect(ring.size).toBe(0)
      expect(ring.oldestSeq).toBeUndefined()
      expect(seqsOf(ring)).toEqual([])
      expect(seqsOf(ring, { afterSeq: 0 })).toEqual([])
      for (let old = 1; old <= seq; old++) expect(ring.get(old)).toBeUndefined()
      expectSame(ring, model, appended)
      for (let i = 0; i < 20; i++) {
        push(Math.floor(random() * 300))
        expectFiltersAgree(ring, model, random)
      }
      ring.clear()
      model.clear()
      appended = []
      push(5)
      expect(seqsOf(ring)).toEqual([seq])
    }
  })
})
