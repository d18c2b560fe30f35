/**
 * A text file's lines, a chunk's worth at a time: for the oracle's side
 * files (tracking.ndjson) read beside the ledger, where one await per line
 * costs more than reading the line. Empty lines are skipped; the last line
 * needs no newline; CRLF is read as LF.
 */
import { createReadStream } from 'node:fs'

export async function* textLineBatches(path: string, chunkBytes = 1024 * 1024): AsyncGenerator<string[], void, undefined> {
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: chunkBytes })
  let rest = ''
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      const text = rest + chunk
      const last = text.lastIndexOf('\n')
      if (last === -1) {
        rest = text
        continue
      }
      rest = text.slice(last + 1)
      const lines = linesIn(text.slice(0, last))
      if (lines.length > 0) yield lines
    }
  } finally {
    stream.destroy()
  }
  const lines = linesIn(rest)
  if (lines.length > 0) yield lines
}

function linesIn(text: string): string[] {
  const lines: string[] = []
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    if (line.trim() !== '') lines.push(line)
  }
  return lines
}
