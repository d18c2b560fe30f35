/** What the ledger reader worker is given and sends back (reader-worker.ts, worker-batches.ts). */
import type { LedgerProblem } from '../ground-truth.ts'
import type { ClockSegment } from '../virtual-time.ts'
import type { EncodedExchanges } from './exchange-codec.ts'

export interface ReaderInput {
  paths: { ledgerPath: string; trackingPath: string }
  segments: ClockSegment[]
  /** When set, device lines come back as the metric path spills them (deviceSpillLine) for this many buckets; otherwise not at all. */
  deviceBuckets: number | undefined
}

/** `deviceLines[i]` goes to bucket `deviceBuckets[i]`: strings cross threads as one copy each, where cloning the entries cost several times more than parsing them. */
export type FromReader = { kind: 'batch'; exchanges: EncodedExchanges; deviceBuckets: Int32Array; deviceLines: string[]; problems: LedgerProblem[] } | { kind: 'done' } | { kind: 'failed'; message: string }

/** Chunks the worker may post before the reader has taken them: a few MiB of ledger held at most. */
export const WINDOW = 4
