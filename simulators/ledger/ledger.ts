import { systemClock, type Clock } from '../kernel/clock.ts'
import type { DecryptRef } from '../kernel/exchange.ts'
import type { Result } from '../kernel/errors.ts'
import { toRecord, addPlaintext, LEDGER_SCHEMA_VERSION, type ExchangeFacts, type LedgerEntry, type LedgerRecord, type PlaintextResult } from './entry.ts'
export type { RecordedKind } from './entry.ts'
import { toNdjsonLine } from './ndjson-line.ts'
import type { NdjsonSink } from './ndjson-sink.ts'
import { QUERY_LIMIT_DEFAULT, type LedgerQuery } from './query.ts'
import { RecordRing, type RingRecord } from './record-ring.ts'

export type Decrypter = (ref: DecryptRef, body: Buffer) => Result<Buffer>

export interface LedgerOptions {
  /** Records kept in memory; the oldest are dropped past this (the NDJSON file keeps all). */
  capacity?: number
  /** Bytes of records kept in memory (default 256 MiB); the oldest are dropped past this too. */
  maxBytes?: number
  sink?: NdjsonSink
  /** Decrypts web push bodies lazily, when an entry is first read. */
  decrypt?: Decrypter
  /** Wall time of event lines (`at`); default the system clock. */
  wall?: Clock
}

/** Kinds of non-exchange lines the ledger appends (docs/ledger.md). */
export type LedgerEventKind = 'device' | 'connection'

export interface LedgerPage {
  /** Matching records still in memory. */
  total: number
  entries: LedgerEntry[]
}

/**
 * Ground truth of every exchange, append-only: an in-memory ring with
 * filtering, and an optional NDJSON sink for long runs.
 */
export interface Ledger {
  append(facts: ExchangeFacts): LedgerRecord
  /** Calls `listener` synchronously after each exchange is appended; returns the unsubscribe. */
  onAppend(listener: (record: LedgerRecord) => void): () => void
  /**
   * Appends a line of another kind to the NDJSON sink, `{"schema":1,"kind",
   * "seq","at",…fields}`, numbered with the exchanges; returns its seq. Not kept
   * in memory: queries stay exchange-only. Without a sink only the seq is taken.
   */
  appendEvent(kind: LedgerEventKind, fields: Record<string, unknown>): number
  query(query?: LedgerQuery): LedgerPage
  count(query?: LedgerQuery): number
  get(seq: number): LedgerEntry | undefined
  /** Lines appended since start (exchanges and events), including those dropped from memory or by reset (seq never repeats). */
  readonly recorded: number
  readonly capacity: number
  readonly path: string | undefined
  reset(): void
  flush(): Promise<void>
  close(): Promise<void>
}

export const DEFAULT_LEDGER_CAPACITY = 100_000
export const DEFAULT_LEDGER_BYTES = 256 * 1024 * 1024

export function createLedger(options: LedgerOptions = {}): Ledger {
  const capacity = options.capacity ?? DEFAULT_LEDGER_CAPACITY
  const ring = new RecordRing({ capacity, maxBytes: options.maxBytes ?? DEFAULT_LEDGER_BYTES })
  // Web push plaintexts decrypted so far, by seq; pruned to the records still in the ring.
  const plaintexts = new Map<number, PlaintextResult>()
  const listeners = new Set<(record: LedgerRecord) => void>()
  const wall = options.wall ?? systemClock
  let seq = 0

  /** The public entry of a stored record: its line parsed, with the web push plaintext, decrypted on first read. */
  const entryOf = (record: RingRecord): LedgerEntry => {
    const entry = JSON.parse(record.line) as LedgerEntry
    let plaintext = plaintexts.get(record.seq)
    if (record.decrypt && !plaintext && options.decrypt) {
      const result = options.decrypt(record.decrypt, Buffer.from(entry.request.body, entry.request.bodyEncoding))
      plaintext = result.ok ? { ok: true, text: result.value.toString('utf8'), base64: result.value.toString('base64') } : { ok: false, error: `${result.error.code}: ${result.error.message}` }
      if (plaintexts.size >= capacity) prunePlaintexts()
      plaintexts.set(record.seq, plaintext)
    }
    return addPlaintext(entry, plaintext)
  }
  const prunePlaintexts = (): void => {
    const oldest = ring.oldestSeq ?? Number.POSITIVE_INFINITY
    for (const kept of plaintexts.keys()) if (kept < oldest) plaintexts.delete(kept)
  }

  return {
    append(facts) {
      const record = toRecord(++seq, facts)
      // Serialized now, once, for both the ring and the file; the full record is garbage by the next scavenge.
      const line = toNdjsonLine(record)
      ring.append(record, line)
      options.sink?.push(line)
      for (const listener of listeners) {
        try {
          listener(record)
        } catch {
          // A subscriber's bug (a simulated device) must not fail the exchange the adapter is recording, nor starve other subscribers.
        }
      }
      return record
    },
    onAppend(listener) {
      // A wrapper per subscription: the same function subscribed twice is two subscriptions.
      const subscription = (record: LedgerRecord) => listener(record)
      listeners.add(subscription)
      return () => void listeners.delete(subscription)
    },
    appendEvent(kind, fields) {
      const head = { schema: LEDGER_SCHEMA_VERSION, kind, seq: ++seq, at: new Date(wall.now()).toISOString() }
      // head twice: its keys lead the line, and a field of the same name cannot overwrite them.
      options.sink?.push(`${JSON.stringify({ ...head, ...fields, ...head })}\n`)
      return head.seq
    },
    query(query = {}) {
      const offset = query.offset ?? 0
      const limit = query.limit ?? QUERY_LIMIT_DEFAULT
      const entries: LedgerEntry[] = []
      let total = 0
      ring.scan(query, (record) => {
        if (total >= offset && entries.length < limit) entries.push(entryOf(record))
        total++
      })
      return { total, entries }
    },
    count(query = {}) {
      let total = 0
      ring.scan(query, () => void total++)
      return total
    },
    get(wanted) {
      const record = ring.get(wanted)
      return record && entryOf(record)
    },
    get recorded() {
      return seq
    },
    capacity,
    path: options.sink?.path,
    reset() {
      // seq keeps counting: ids stay unique across resets and in the NDJSON file.
      ring.clear()
      plaintexts.clear()
    },
    flush: () => options.sink?.flush() ?? Promise.resolve(),
    close: () => options.sink?.close() ?? Promise.resolve(),
  }
}
