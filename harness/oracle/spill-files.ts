/**
 * Lines spilled to disk in numbered files (one per bucket, or per campaign),
 * buffered and written synchronously so that a caller in the middle of a
 * stream can append without awaiting; each file is read back whole, one
 * bucket at a time, and removed. What is held is one buffer per file.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'

const FLUSH_CHARS = 256 * 1024

export class SpillFiles {
  private readonly handles: number[]
  private readonly pending: string[]
  constructor(
    private readonly dir: string,
    private readonly name: string,
    readonly count: number,
  ) {
    this.handles = Array.from({ length: count }, (_, file) => openSync(this.path(file), 'w'))
    this.pending = this.handles.map(() => '')
  }

  /** One line (without its newline) to file `file`. */
  append(file: number, line: string): void {
    const text = (this.pending[file] += line + '\n')
    if (text.length > FLUSH_CHARS) this.flush(file)
  }

  /** Every line of file `file`, once all are appended (call close first). */
  lines(file: number): string[] {
    const text = readFileSync(this.path(file), 'utf8')
    return text === '' ? [] : text.slice(0, -1).split('\n')
  }

  /** Flushes and closes every file; their lines can be read from then on. */
  close(): void {
    for (let file = 0; file < this.count; file++) {
      this.flush(file)
      closeSync(this.handles[file]!)
    }
  }

  remove(file: number): void {
    rmSync(this.path(file), { force: true })
  }

  private path(file: number): string {
    return join(this.dir, `${this.name}-${file}.tsv`)
  }

  private flush(file: number): void {
    const text = this.pending[file]!
    this.pending[file] = ''
    if (text !== '') writeSync(this.handles[file]!, text)
  }
}

/** FNV-1a: an id to its bucket, the same for every line that carries it. */
export function bucketOf(id: string, buckets: number): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193)
  return (hash >>> 0) % buckets
}

/** A string as one tab-free field (JSON never leaves a raw tab or newline), and back; most need no unescaping. */
export const fieldOf = (text: string): string => JSON.stringify(text)
export const textOf = (field: string): string => (field.includes('\\') ? (JSON.parse(field) as string) : field.slice(1, -1))
