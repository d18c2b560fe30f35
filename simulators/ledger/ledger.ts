import type { DecryptRef } from '../kernel/exchange.ts'
import type { Result } from '../kernel/errors.ts'
import { toRecord, toStored, addPlaintext, type ExchangeFacts, type LedgerEntry, type LedgerRecord, type StoredRecord } from './entry.ts'
import { toNdjsonLine } from './ndjson-line.ts'
import type { NdjsonSink } from './ndjson-sink.ts'
import { matches, QUERY_LIMIT_DEFAULT, type LedgerQuery } from './query.ts'

export type Decrypter = (ref: DecryptRef, body: Buffer) => Result<Buffer>

export interface LedgerOptions {
  /** Records kept in memory; the oldest are dropped past this (the NDJSON file keeps all). */
  capacity?: number
  sink?: NdjsonSink
  /** Decrypts web push bodies lazily, when an entry is first read. */
  decrypt?: Decrypter
}

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
  query(query?: LedgerQuery): LedgerPage
  count(query?: LedgerQuery): number
  get(seq: number): LedgerEntry | undefined
  /** Records appended since start, including those dropped from memory or by reset (seq never repeats). */
  readonly recorded: number
  readonly capacity: number
  readonly path: string | undefined
  reset(): void
  flush(): Promise<void>
  close(): Promise<void>
}

export function createLedger(options: LedgerOptions = {}): Ledger {
  const capacity = options.capacity ?? 100_000
  let ring: StoredRecord[] = []
  let head = 0 // index of the oldest record once the ring is full
  let seq = 0

  const ordered = function* (): Generator<StoredRecord> {
    for (let i = 0; i < ring.length; i++) yield ring[(head + i) % ring.length]!
  }

  /** The public entry of a stored record: its line parsed, with the web push plaintext, decrypted on first read. */
  const entryOf = (record: StoredRecord): LedgerEntry => {
    const entry = JSON.parse(record.line) as LedgerEntry
    if (record.decrypt && !record.plaintext && options.decrypt) {
      const result = options.decrypt(record.decrypt, Buffer.from(entry.request.body, entry.request.bodyEncoding))
      record.plaintext = result.ok
        ? { ok: true, text: result.value.toString('utf8'), base64: result.value.toString('base64') }
        : { ok: false, error: `${result.error.code}: ${result.error.message}` }
    }
    return addPlaintext(entry, record.plaintext)
  }

  return {
    append(facts) {
      const record = toRecord(++seq, facts)
      // Serialized now, once, for both the ring and the file; the full record is garbage by the next scavenge.
      const line = toNdjsonLine(record)
      line.charCodeAt(0) // flattens the concatenation in place, so the ring holds one string, not its pieces
      const stored = toStored(record, line)
      if (ring.length < capacity) ring.push(stored)
      else {
        ring[head] = stored
        head = (head + 1) % capacity
      }
      options.sink?.push(line)
      return record
    },
    query(query = {}) {
      const offset = query.offset ?? 0
      const limit = query.limit ?? QUERY_LIMIT_DEFAULT
      const entries: LedgerEntry[] = []
      let total = 0
      for (const record of ordered()) {
        if (!matches(record, query)) continue
        if (total >= offset && entries.length < limit) entries.push(entryOf(record))
        total++
      }
      return { total, entries }
    },
    count(query = {}) {
      let total = 0
      for (const record of ordered()) if (matches(record, query)) total++
      return total
    },
    get(wanted) {
      for (const record of ordered()) if (record.seq === wanted) return entryOf(record)
      return undefined
    },
    get recorded() {
      return seq
    },
    capacity,
    path: options.sink?.path,
    reset() {
      // seq keeps counting: ids stay unique across resets and in the NDJSON file.
      ring = []
      head = 0
    },
    flush: () => options.sink?.flush() ?? Promise.resolve(),
    close: () => options.sink?.close() ?? Promise.resolve(),
  }
}
