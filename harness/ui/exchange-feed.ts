/**
 * The dashboard's view of the ledger: a ring of the most recent exchanges,
 * reduced to what a table row shows, and exact counters per provider and
 * status. Memory stays bounded however fast the simulators run: the ring
 * drops its oldest rows, and a client that misses rows gets the counters
 * and the ring again (event-stream.ts).
 */
import type { Ledger } from '../../simulators/ledger/ledger.ts'
import type { LedgerRecord } from '../../simulators/ledger/entry.ts'

export interface ExchangeRow {
  seq: number
  provider: string
  /** The status that reached the client, or what happened instead (`reset`, `rst-stream`, `hung`…). */
  status: string
  /** The provider's reason (`Unregistered`, `UNREGISTERED`…), when it gave one. */
  reason: string | null
  target: string | null
  faults: string[]
  durationMs: number
  /** Wall instant the exchange started, ISO. */
  at: string
}

/** provider → status → exchanges. */
export type ExchangeCounters = Record<string, Record<string, number>>

export interface ExchangeFeed {
  /** The newest rows, oldest first. */
  recent(): ExchangeRow[]
  counters(): ExchangeCounters
  /** Rows appended since the last call, at most the ring's size, and how many more were left out. */
  drain(): { rows: ExchangeRow[]; skipped: number }
  close(): void
}

export const DEFAULT_RING_SIZE = 200

/** A status as the table groups it: the HTTP status when an answer's head reached the client, else the wire outcome. */
export function statusLabel(record: LedgerRecord): string {
  if (record.wire.status > 0 && (record.wire.kind === 'answered' || record.wire.kind === 'cut')) return String(record.wire.status)
  return record.wire.kind
}

export function toRow(record: LedgerRecord): ExchangeRow {
  return {
    seq: record.seq,
    provider: record.provider,
    status: statusLabel(record),
    reason: record.reason ?? null,
    target: record.target ?? null,
    faults: [...record.faults],
    durationMs: Math.round(record.durationMs * 10) / 10,
    at: new Date(record.startedAt).toISOString(),
  }
}

export function createExchangeFeed(ledger: Ledger, ringSize = DEFAULT_RING_SIZE): ExchangeFeed {
  const ring: ExchangeRow[] = []
  const counters: ExchangeCounters = {}
  // Appended since the last drain; never longer than the ring (the counters keep the exact totals).
  let pending: ExchangeRow[] = []
  let skipped = 0
  const unsubscribe = ledger.onAppend((record) => {
    const row = toRow(record)
    const byStatus = (counters[row.provider] ??= {})
    byStatus[row.status] = (byStatus[row.status] ?? 0) + 1
    ring.push(row)
    if (ring.length > ringSize) ring.shift()
    pending.push(row)
    if (pending.length > ringSize) {
      pending.shift()
      skipped++
    }
  })
  return {
    recent: () => [...ring],
    counters: () => structuredClone(counters),
    drain() {
      const drained = { rows: pending, skipped }
      pending = []
      skipped = 0
      return drained
    },
    close: unsubscribe,
  }
}
