import type { DecryptRef, ProviderName } from '../kernel/exchange.ts'
import { DELIVERY_KINDS } from '../kernel/delivery.ts'
import type { WireOutcomeKind } from '../kernel/wire-outcome.ts'
import type { LedgerRecord, RecordedKind } from './entry.ts'
import type { LedgerQuery } from './query.ts'

/** What the ring hands back for a record: its NDJSON line and the facts reads need. */
export interface RingRecord {
  readonly seq: number
  readonly line: string
  readonly decrypt: DecryptRef | undefined
}

export interface RecordRingOptions {
  /** Records kept; the oldest are dropped past this. */
  capacity: number
  /** Bytes of lines kept; the oldest are dropped past this too, so huge bodies cannot grow memory without bound. */
  maxBytes: number
}

const PROVIDERS: readonly ProviderName[] = ['apns', 'fcm', 'webpush']
const DELIVERIES: readonly RecordedKind[] = [...DELIVERY_KINDS, 'none']
const OUTCOMES: readonly WireOutcomeKind[] = ['answered', 'cut', 'refused', 'dropped', 'reset', 'rst-stream', 'abandoned', 'unanswered', 'hung']
// The string fields a query may filter on, kept after the line as one run of text; each length is its UTF-16 length.
const KEY_FIELDS = ['flavour', 'target', 'reason', 'method', 'path', 'faults', 'decrypt'] as const
type KeyField = (typeof KEY_FIELDS)[number]
const FIELD = Object.fromEntries(KEY_FIELDS.map((name, index) => [name, index])) as Record<KeyField, number>
const ABSENT = 0xffff_ffff
const FIRST_SLOTS = 1024
const FIRST_BYTES = 4 * 1024 * 1024

/**
 * The ledger's in-memory ring, kept off the JS heap: every record is its
 * NDJSON line plus its filter fields as UTF-8 in one growing byte arena, and
 * numbers in typed arrays. A hundred thousand retained strings and objects
 * cost the garbage collector more than serving the requests did; bytes in
 * a Buffer cost it nothing. Reads decode the few records they return.
 */
export class RecordRing {
  private arena: Buffer
  private slots = 0
  // Per slot, oldest first from `first`, `count` of them.
  private seq = new Float64Array(FIRST_SLOTS)
  private start = new Float64Array(FIRST_SLOTS)
  private lineBytes = new Uint32Array(FIRST_SLOTS)
  private keyBytes = new Uint32Array(FIRST_SLOTS)
  private status = new Uint16Array(FIRST_SLOTS)
  private connection = new Uint32Array(FIRST_SLOTS)
  private provider = new Uint8Array(FIRST_SLOTS)
  private delivery = new Uint8Array(FIRST_SLOTS)
  private outcome = new Uint8Array(FIRST_SLOTS)
  private keyLengths = new Uint32Array(FIRST_SLOTS * KEY_FIELDS.length)
  private first = 0
  private count = 0
  /** Where the next record's bytes go. */
  private writeAt = 0

  constructor(private readonly options: RecordRingOptions) {
    if (!Number.isInteger(options.capacity) || options.capacity < 1) throw new RangeError(`ledger capacity must be a positive integer, got ${options.capacity}`)
    this.slots = Math.min(FIRST_SLOTS, options.capacity)
    this.arena = Buffer.allocUnsafe(Math.min(FIRST_BYTES, options.maxBytes))
  }

  get size(): number {
    return this.count
  }

  /** The seq of the oldest record kept, or undefined when empty. */
  get oldestSeq(): number | undefined {
    return this.count === 0 ? undefined : this.seq[this.first]
  }

  append(record: LedgerRecord, line: string): void {
    const faults = record.faults.length === 0 ? undefined : JSON.stringify(record.faults)
    const decrypt = record.decrypt === undefined ? undefined : JSON.stringify(record.decrypt)
    const fields = [record.flavour, record.target, record.reason, record.method, record.path, faults, decrypt]
    let key = ''
    for (const field of fields) if (field !== undefined) key += field
    const lineLength = Buffer.byteLength(line)
    const keyLength = Buffer.byteLength(key)
    // Larger than the whole arena: kept in the file only. Checked before making
    // room by count, or a full ring would drop its oldest record for nothing.
    if (lineLength + keyLength > this.options.maxBytes) return
    // Make room by count first, so its bytes are free for the new record.
    if (this.count === this.options.capacity) this.dropOldest()
    const at = this.reserve(lineLength + keyLength)
    this.arena.write(line, at, lineLength, 'utf8')
    if (keyLength > 0) this.arena.write(key, at + lineLength, keyLength, 'utf8')
    const slot = this.claimSlot()
    this.seq[slot] = record.seq
    this.start[slot] = at
    this.lineBytes[slot] = lineLength
    this.keyBytes[slot] = keyLength
    this.status[slot] = record.status
    this.connection[slot] = record.connectionId
    this.provider[slot] = PROVIDERS.indexOf(record.provider)
    this.delivery[slot] = DELIVERIES.indexOf(record.delivery)
    this.outcome[slot] = OUTCOMES.indexOf(record.wire.kind)
    const base = slot * KEY_FIELDS.length
    for (let i = 0; i < fields.length; i++) this.keyLengths[base + i] = fields[i] === undefined ? ABSENT : fields[i]!.length
    this.writeAt = at + lineLength + keyLength
  }

  /** Records matching the query, oldest first; `visit` returns false to stop. */
  scan(query: LedgerQuery, visit: (record: RingRecord) => boolean | void): void {
    const provider = query.provider === undefined ? -1 : PROVIDERS.indexOf(query.provider as ProviderName)
    const delivery = query.delivery === undefined ? -1 : DELIVERIES.indexOf(query.delivery as RecordedKind)
    const outcome = query.outcome === undefined ? -1 : OUTCOMES.indexOf(query.outcome as WireOutcomeKind)
    if ((query.provider !== undefined && provider < 0) || (query.delivery !== undefined && delivery < 0) || (query.outcome !== undefined && outcome < 0)) return
    const byKey = query.flavour !== undefined || query.target !== undefined || query.reason !== undefined || query.method !== undefined || query.pathPrefix !== undefined || query.fault !== undefined
    for (let i = this.firstAfter(query.afterSeq); i < this.count; i++) {
      const slot = (this.first + i) % this.slots
      if (provider >= 0 && this.provider[slot] !== provider) continue
      if (delivery >= 0 && this.delivery[slot] !== delivery) continue
      if (outcome >= 0 && this.outcome[slot] !== outcome) continue
      if (query.status !== undefined && this.status[slot] !== query.status) continue
      if (query.connectionId !== undefined && this.connection[slot] !== query.connectionId) continue
      if (byKey && !this.keyMatches(slot, query)) continue
      if (visit(this.read(slot)) === false) return
    }
  }

  get(seq: number): RingRecord | undefined {
    const index = this.firstAfter(seq - 1)
    if (index >= this.count) return undefined
    const slot = (this.first + index) % this.slots
    return this.seq[slot] === seq ? this.read(slot) : undefined
  }

  clear(): void {
    this.first = 0
    this.count = 0
    this.writeAt = 0
  }

  private read(slot: number): RingRecord {
    const start = this.start[slot]!
    const line = this.arena.toString('utf8', start, start + this.lineBytes[slot]!)
    const decrypt = this.keyField(slot, FIELD.decrypt)
    return { seq: this.seq[slot]!, line, decrypt: decrypt === undefined ? undefined : (JSON.parse(decrypt) as DecryptRef) }
  }

  private keyText(slot: number): string {
    const from = this.start[slot]! + this.lineBytes[slot]!
    return this.arena.toString('utf8', from, from + this.keyBytes[slot]!)
  }

  /** One filter field of a slot, decoded; undefined when the record had none. */
  private keyField(slot: number, field: number, text?: string): string | undefined {
    const base = slot * KEY_FIELDS.length
    if (this.keyLengths[base + field] === ABSENT) return undefined
    let offset = 0
    for (let i = 0; i < field; i++) {
      const length = this.keyLengths[base + i]!
      if (length !== ABSENT) offset += length
    }
    return (text ?? this.keyText(slot)).slice(offset, offset + this.keyLengths[base + field]!)
  }

  private keyMatches(slot: number, query: LedgerQuery): boolean {
    const text = this.keyText(slot)
    const equal = (field: KeyField, wanted: string | undefined) => wanted === undefined || this.keyField(slot, FIELD[field], text) === wanted
    if (!equal('flavour', query.flavour) || !equal('target', query.target) || !equal('reason', query.reason) || !equal('method', query.method)) return false
    if (query.pathPrefix !== undefined && !(this.keyField(slot, FIELD.path, text) ?? '').startsWith(query.pathPrefix)) return false
    if (query.fault !== undefined) {
      const faults = this.keyField(slot, FIELD.faults, text)
      if (faults === undefined) return false
      if (query.fault !== 'true' && !(JSON.parse(faults) as string[]).includes(query.fault)) return false
    }
    return true
  }

  /** Index (from the oldest) of the first record with seq above `afterSeq`: seqs only grow, so a binary search. */
  private firstAfter(afterSeq: number | undefined): number {
    if (afterSeq === undefined) return 0
    let low = 0
    let high = this.count
    while (low < high) {
      const middle = (low + high) >>> 1
      if (this.seq[(this.first + middle) % this.slots]! <= afterSeq) low = middle + 1
      else high = middle
    }
    return low
  }

  /** A slot for a new record (the count is below capacity): grows the slot arrays when they are full. */
  private claimSlot(): number {
    if (this.count === this.slots) this.growSlots()
    const slot = (this.first + this.count) % this.slots
    this.count++
    return slot
  }

  /**
   * Where `bytes` can be written contiguously: after the newest record, or at
   * the arena's start once the end is reached, dropping the oldest records
   * in the way. The arena doubles instead while it is below its limit.
   * `bytes` is at most maxBytes (append skips larger records).
   */
  private reserve(bytes: number): number {
    while (this.arena.length < bytes) this.growArena()
    for (;;) {
      if (this.count === 0) return (this.writeAt = 0)
      const oldest = this.start[this.first]!
      const wrapped = this.writeAt <= oldest // the free run is [writeAt, oldest)
      if (wrapped ? oldest - this.writeAt >= bytes : this.arena.length - this.writeAt >= bytes) return this.writeAt
      // The end is too short, the start has room: continue there.
      if (!wrapped && oldest >= bytes) return (this.writeAt = 0)
      // Grow only when space, not the record count, is what runs out.
      if (this.arena.length < this.options.maxBytes) {
        this.growArena()
        continue
      }
      this.dropOldest()
    }
  }

  private dropOldest(): void {
    this.first = (this.first + 1) % this.slots
    this.count--
  }

  /** Doubles the arena (up to maxBytes), copying the records oldest first to its start. */
  private growArena(): void {
    const next = Buffer.allocUnsafe(Math.min(this.options.maxBytes, Math.max(this.arena.length * 2, 1024)))
    let at = 0
    for (let i = 0; i < this.count; i++) {
      const slot = (this.first + i) % this.slots
      const start = this.start[slot]!
      const length = this.lineBytes[slot]! + this.keyBytes[slot]!
      this.arena.copy(next, at, start, start + length)
      this.start[slot] = at
      at += length
    }
    this.arena = next
    this.writeAt = at
  }

  /** Doubles the slot arrays (up to capacity), unrolling the ring so the oldest is slot 0. */
  private growSlots(): void {
    const slots = Math.min(this.options.capacity, this.slots * 2)
    const order = Array.from({ length: this.count }, (_, i) => (this.first + i) % this.slots)
    const regrow = <T extends Float64Array | Uint32Array | Uint16Array | Uint8Array>(from: T, make: (n: number) => T, width = 1): T => {
      const to = make(slots * width)
      order.forEach((slot, index) => to.set(from.subarray(slot * width, slot * width + width), index * width))
      return to
    }
    this.seq = regrow(this.seq, (n) => new Float64Array(n))
    this.start = regrow(this.start, (n) => new Float64Array(n))
    this.lineBytes = regrow(this.lineBytes, (n) => new Uint32Array(n))
    this.keyBytes = regrow(this.keyBytes, (n) => new Uint32Array(n))
    this.status = regrow(this.status, (n) => new Uint16Array(n))
    this.connection = regrow(this.connection, (n) => new Uint32Array(n))
    this.provider = regrow(this.provider, (n) => new Uint8Array(n))
    this.delivery = regrow(this.delivery, (n) => new Uint8Array(n))
    this.outcome = regrow(this.outcome, (n) => new Uint8Array(n))
    this.keyLengths = regrow(this.keyLengths, (n) => new Uint32Array(n), KEY_FIELDS.length)
    this.slots = slots
    this.first = 0
  }
}
