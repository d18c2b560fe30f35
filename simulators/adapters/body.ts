import type { Readable } from 'node:stream'

/** Bytes of a request body kept in memory; the rest is counted and dropped. Above every provider limit. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024

export interface CollectedBody {
  body: Buffer
  length: number
  overflow: boolean
}

/**
 * Reads a request body with bounded memory: a client sending gigabytes is
 * drained, not buffered, and the provider still sees how long it was.
 */
export function collectBody(source: Readable, maxBytes: number, done: (body: CollectedBody) => void): void {
  const chunks: Buffer[] = []
  let kept = 0
  let length = 0
  source.on('data', (chunk: Buffer) => {
    length += chunk.length
    if (kept >= maxBytes) return
    const room = maxBytes - kept
    const piece = chunk.length <= room ? chunk : chunk.subarray(0, room)
    chunks.push(piece)
    kept += piece.length
  })
  source.once('end', () => {
    const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, kept)
    done({ body, length, overflow: length > maxBytes })
  })
}
