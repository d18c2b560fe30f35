import { closeSync, openSync, write } from 'node:fs'

/**
 * Appends ledger lines to an NDJSON file in batches: the write happens off the
 * request path, at most every `intervalMs` or every `batchSize` lines. One
 * write is in flight at a time, so lines stay in order; while the disk is
 * slow, lines wait in memory (the ring holds them anyway).
 */
export interface NdjsonSink {
  readonly path: string
  /** One NDJSON line, newline included. */
  push(line: string): void
  /** Resolves once everything pushed so far is on disk. */
  flush(): Promise<void>
  close(): Promise<void>
}

export interface NdjsonSinkOptions {
  intervalMs?: number
  batchSize?: number
  /** Bytes serialized per write (default 1 MiB); a longer line is split across writes. */
  chunkBytes?: number
}

export function createNdjsonSink(path: string, options: NdjsonSinkOptions = {}): NdjsonSink {
  const intervalMs = options.intervalMs ?? 50
  const batchSize = options.batchSize ?? 4096
  const fd = openSync(path, 'a')
  // At least 4 bytes, room for any character, so each chunk makes progress.
  const writeBatch = createChunkWriter(fd, Math.max(4, options.chunkBytes ?? 1 << 20))
  let pending: string[] = []
  let timer: NodeJS.Timeout | undefined
  let closed = false
  let writing: Promise<void> | undefined

  const drain = (): Promise<void> => {
    if (timer) clearTimeout(timer)
    timer = undefined
    if (writing) return writing
    if (pending.length === 0) return Promise.resolve()
    const batch = pending
    pending = []
    writing = writeBatch(batch).then(() => {
      writing = undefined
      return pending.length > 0 ? drain() : undefined
    })
    return writing
  }

  return {
    path,
    push(line) {
      if (closed) return
      pending.push(line)
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

const encoder = new TextEncoder()

/**
 * Writes batches through one reused buffer, chunk after chunk: lines are
 * encoded straight into it. Writing a batch as one big string cost a
 * concatenation of megabytes, its UTF-8 conversion inside fs.write and fresh
 * multi-megabyte allocations (page faults, GC) for every batch. One buffer
 * suffices: the next chunk is encoded only once the previous write is done.
 */
function createChunkWriter(fd: number, chunkBytes: number): (lines: readonly string[]) => Promise<void> {
  // Allocated on first use and kept: the sink holds one chunk, however long the run.
  let buffer: Buffer | undefined

  return async (lines) => {
    let next = 0
    let rest = '' // the tail of a line that overflowed the previous chunk
    const nextLine = (): string => {
      const line = rest || (next < lines.length ? lines[next++]! : '')
      rest = ''
      return line
    }
    let failed = false
    while (rest || next < lines.length) {
      buffer ??= Buffer.allocUnsafeSlow(chunkBytes)
      let used = 0
      while (used < buffer.length) {
        const line = nextLine()
        if (!line) break
        // UTF-8 takes at most 3 bytes per UTF-16 unit, so most lines need no measuring.
        if (line.length * 3 <= buffer.length - used) {
          used += buffer.write(line, used)
          continue
        }
        // Near the end of the chunk: fill it up; the rest of the line opens the next chunk.
        const { read, written } = encoder.encodeInto(line, buffer.subarray(used))
        used += written
        if (read < line.length) {
          rest = line.slice(read)
          break
        }
      }
      const error = await writeFully(fd, buffer, used)
      // A full disk must not take the simulator down; the in-memory ledger still answers.
      if (error && !failed) process.emitWarning(`pushsim: ledger write failed: ${error.message}`)
      failed ||= error !== undefined
    }
  }
}

/** fs.write until every byte is written (a write may be short); an error ends it. */
function writeFully(fd: number, buffer: Buffer, length: number): Promise<Error | undefined> {
  return new Promise((resolve) => {
    const from = (offset: number): void => {
      if (offset >= length) return resolve(undefined)
      write(fd, buffer, offset, length - offset, null, (error, written) => (error ? resolve(error) : from(offset + written)))
    }
    from(0)
  })
}
