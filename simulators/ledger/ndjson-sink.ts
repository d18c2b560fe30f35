import { closeSync, openSync, write } from 'node:fs'
import type { LedgerRecord } from './entry.ts'
import { toNdjsonLine } from './ndjson-line.ts'

/**
 * Appends ledger records to an NDJSON file in batches: serialization and the
 * write happen off the request path, at most every `intervalMs` or every
 * `batchSize` records. One write is in flight at a time, so lines stay in
 * order, and records are serialized only when the previous write is done, so
 * a slow disk holds back records (already in the ring) rather than piling up text.
 */
export interface NdjsonSink {
  readonly path: string
  push(record: LedgerRecord): void
  /** Resolves once everything pushed so far is on disk. */
  flush(): Promise<void>
  close(): Promise<void>
}

export function createNdjsonSink(path: string, options: { intervalMs?: number; batchSize?: number } = {}): NdjsonSink {
  const intervalMs = options.intervalMs ?? 50
  const batchSize = options.batchSize ?? 4096
  const fd = openSync(path, 'a')
  let pending: LedgerRecord[] = []
  let timer: NodeJS.Timeout | undefined
  let closed = false

  const serialize = (records: LedgerRecord[]): string => {
    let text = ''
    for (const record of records) text += toNdjsonLine(record)
    return text
  }

  let writing: Promise<void> | undefined

  const writeBatch = (): Promise<void> => {
    const batch = pending
    pending = []
    const text = serialize(batch)
    return new Promise((resolve) => {
      // A full disk must not take the simulator down; the in-memory ledger still answers.
      write(fd, text, (error) => {
        if (error) process.emitWarning(`pushsim: ledger write failed: ${error.message}`)
        resolve()
      })
    })
  }

  const drain = (): Promise<void> => {
    if (timer) clearTimeout(timer)
    timer = undefined
    if (writing) return writing
    if (pending.length === 0) return Promise.resolve()
    writing = writeBatch().then(() => {
      writing = undefined
      return pending.length > 0 ? drain() : undefined
    })
    return writing
  }

  return {
    path,
    push(record) {
      if (closed) return
      pending.push(record)
      if (pending.length >= batchSize) void drain()
      else if (!timer) timer = setTimeout(drain, intervalMs).unref()
    },
    flush: drain,
    async close() {
      if (closed) return
      await drain()
      closed = true
      closeSync(fd)
    },
  }
}
