import { createReadStream } from 'node:fs'
import type { ProviderName } from '../kernel/exchange.ts'
import type { WireOutcomeKind } from '../kernel/wire-outcome.ts'
import type { DeviceEntry } from './device-entry.ts'
import { LEDGER_SCHEMA_VERSION, type LedgerEntry } from './entry.ts'
import { ledgerLineValidator, type LedgerLineValidator } from './schema.ts'

/** An entry of a kind this reader does not know (one a newer writer added), as it was written. */
export interface ForeignEntry {
  schema: number
  kind: string
  seq?: number
  [field: string]: unknown
}

/** Where a line starts: its 1-based line number and the byte offset of its first byte in the file. */
export interface LinePosition {
  line: number
  offset: number
}

export interface ExchangeLine extends LinePosition {
  ok: true
  kind: 'exchange'
  entry: LedgerEntry
}

/** A simulated device's decision or report (docs/ledger.md "A device entry"). */
export interface DeviceLine extends LinePosition {
  ok: true
  kind: 'device'
  entry: DeviceEntry
}

/** The kinds this reader knows, discriminated by `kind` (narrow a LedgerLine with isKnownLine first). */
export type KnownLine = ExchangeLine | DeviceLine

/** A line of another kind, passed through as-is. */
export interface ForeignLine extends LinePosition {
  ok: true
  kind: string
  entry: ForeignEntry
}

export type LedgerReadErrorCode =
  /** The line's `schema` is newer than this reader knows (LEDGER_SCHEMA_VERSION). */
  | 'LEDGER_SCHEMA_UNSUPPORTED'
  /** Not an entry: not JSON, not an object, no valid schema or kind, torn, too long, or (when validating) against the schema. */
  | 'LEDGER_LINE_INVALID'

export interface LedgerReadError extends LinePosition {
  code: LedgerReadErrorCode
  message: string
  /** The line was cut short by a writer that stopped mid-line (a crash): the file's unterminated last line, or a fragment that a restarted writer appended to. */
  torn?: true
}

export interface LedgerLineError {
  ok: false
  error: LedgerReadError
}

/** One line read: an entry with its kind, or what is wrong with the line (never thrown). */
export type LedgerLine = KnownLine | ForeignLine | LedgerLineError

/** Narrows a line to an exchange entry. */
export const isExchangeLine = (line: LedgerLine): line is ExchangeLine => line.ok && line.kind === 'exchange'

/** Narrows a line to a device entry. */
export const isDeviceLine = (line: LedgerLine): line is DeviceLine => line.ok && line.kind === 'device'

/** Narrows a line to a kind this reader knows; then `switch (line.kind)` covers 'exchange' and 'device'. */
export const isKnownLine = (line: LedgerLine): line is KnownLine => isExchangeLine(line) || isDeviceLine(line)

export interface ReadLedgerOptions {
  /** Only entries whose `provider` is this one (or one of these); entries without a provider are left out. */
  provider?: ProviderName | readonly ProviderName[]
  /** Only entries whose `wire.outcome` is this one (or one of these); entries without a wire outcome are left out. */
  outcome?: WireOutcomeKind | readonly WireOutcomeKind[]
  /** Only entries with `seq` greater than this; entries without a seq are kept. */
  afterSeq?: number
  /** Check every entry against docs/ledger.schema.json (off by default: it costs about as much as parsing). */
  validate?: boolean
  /** Bytes read at a time (default BATCH_CHUNK_BYTES, 1 MiB). */
  chunkBytes?: number
  /** Longest line held in memory (default 64 MiB); a longer one is reported as invalid and skipped. */
  maxLineBytes?: number
}

export const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024

const NEWLINE = 0x0a
const CR = 0x0d
// Every writer starts a line with this; a torn line that a restarted writer appended to is split here.
const LINE_START = Buffer.from('{"schema":')
const BOM = Buffer.from([0xef, 0xbb, 0xbf])

/**
 * Reads an NDJSON ledger of any size in constant memory: a line at a time
 * from a read stream, so what is held is one chunk and at most one line.
 * Filters apply to entries; problems are yielded as `{ ok: false, error }`,
 * never thrown, and are not filtered. Only I/O errors (a missing file) throw.
 *
 * Lines may end in LF or CRLF; empty lines are skipped; the last line needs no
 * newline. A last line that does not parse is reported as torn at its offset
 * (the writer stopped mid-line), as is a fragment that a restarted writer
 * appended a whole line to: that line is still read.
 */
export async function* readLedger(path: string, options: ReadLedgerOptions = {}): AsyncGenerator<LedgerLine, void, undefined> {
  for await (const batch of readLedgerBatches(path, options)) yield* batch
}

/** Default bytes read at a time by readLedgerBatches: a batch is the lines of about this much. */
export const BATCH_CHUNK_BYTES = 1024 * 1024

/**
 * readLedger's lines, a chunk's worth at a time (in file order, the same
 * lines): for readers of millions of lines, which then pay one await per
 * chunk instead of one per line (a third of the cost of reading a large
 * ledger line by line). Chunks default to BATCH_CHUNK_BYTES.
 */
export async function* readLedgerBatches(path: string, options: ReadLedgerOptions = {}): AsyncGenerator<LedgerLine[], void, undefined> {
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES
  const validate = options.validate ? await ledgerLineValidator() : undefined
  const keep = filterOf(options)
  const stream = createReadStream(path, { highWaterMark: options.chunkBytes ?? BATCH_CHUNK_BYTES })

  let lineNumber = 1
  // Offset in the file of the first byte of the line being assembled.
  let lineOffset = 0
  let fileOffset = 0
  // The line so far, when it spans chunks.
  let pieces: Buffer[] = []
  let piecesBytes = 0
  let overlong = false
  let batch: LedgerLine[] = []

  const emit = (bytes: Buffer, start: number, end: number, atEof: boolean): void => addLinesOf(batch, keep, bytes, start, end, lineNumber, lineOffset, atEof, validate)

  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let start = 0
      if (fileOffset === 0 && chunk.subarray(0, 3).equals(BOM)) start = lineOffset = 3
      while (start < chunk.length) {
        const newline = chunk.indexOf(NEWLINE, start)
        const end = newline === -1 ? chunk.length : newline
        if (overlong) {
          // Past the bound: the rest of the line is skipped, not held.
        } else if (piecesBytes + end - start > maxLineBytes) {
          overlong = true
          pieces = []
          piecesBytes = 0
        } else if (newline === -1) {
          // Copied: the stream may reuse its buffers.
          pieces.push(Buffer.from(chunk.subarray(start, end)))
          piecesBytes += end - start
        } else if (pieces.length === 0) {
          emit(chunk, start, end, false)
        } else {
          pieces.push(chunk.subarray(start, end))
          emit(Buffer.concat(pieces), 0, piecesBytes + end - start, false)
          pieces = []
          piecesBytes = 0
        }
        if (newline === -1) break
        if (overlong) {
          batch.push(invalid(lineNumber, lineOffset, `line longer than ${maxLineBytes} bytes (${fileOffset + newline - lineOffset} bytes): skipped`))
          overlong = false
        }
        lineNumber++
        lineOffset = fileOffset + newline + 1
        start = newline + 1
      }
      fileOffset += chunk.length
      if (batch.length > 0) {
        yield batch
        batch = []
      }
    }
  } finally {
    stream.destroy()
  }
  if (overlong) {
    batch.push({ ok: false, error: { code: 'LEDGER_LINE_INVALID', message: `torn last line longer than ${maxLineBytes} bytes (${fileOffset - lineOffset} bytes, no newline): skipped`, line: lineNumber, offset: lineOffset, torn: true } })
  } else if (piecesBytes > 0) {
    emit(pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces), 0, piecesBytes, true)
  }
  if (batch.length > 0) yield batch
}

/**
 * The entries of one line, `bytes[start, end)` without its newline, onto
 * `into`: usually one; none for an empty line or an entry `keep` refuses; an
 * error and then the line a restarted writer appended to a torn fragment
 * (problems are never filtered).
 */
function addLinesOf(into: LedgerLine[], keep: (entry: Fields) => boolean, bytes: Buffer, start: number, end: number, line: number, offset: number, atEof: boolean, validate: LedgerLineValidator | undefined): void {
  if (end > start && bytes[end - 1] === CR) end--
  let from = start
  while (from < end) {
    const text = bytes.toString('utf8', from, end)
    const at = offset + from - start
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch (error) {
      if (text.trim() === '') return
      // A torn fragment, then a whole line: report the fragment, read the line.
      const restart = bytes.indexOf(LINE_START, from + 1)
      if (restart !== -1 && restart < end) {
        into.push(torn(line, at, `torn line: ${restart - from} bytes that do not parse before an entry that starts mid-line at byte ${offset + restart - start}`))
        from = restart
        continue
      }
      const why = error instanceof Error ? error.message : String(error)
      if (atEof) into.push(torn(line, at, `torn last line: ${end - from} bytes without a newline that do not parse (${why}); the writer probably stopped mid-line`))
      else into.push(invalid(line, at, `not JSON: ${why}`))
      return
    }
    const read = entryOf(value, line, at, validate)
    if (!read.ok || keep(read.entry)) into.push(read)
    return
  }
}

function entryOf(value: unknown, line: number, offset: number, validate: LedgerLineValidator | undefined): LedgerLine {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return invalid(line, offset, `not a JSON object but ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`)
  const { schema, kind } = value as { schema?: unknown; kind?: unknown }
  if (typeof schema !== 'number' || !Number.isInteger(schema) || schema < 1) return invalid(line, offset, `"schema" must be a positive integer, got ${JSON.stringify(schema) ?? 'nothing'}`)
  if (schema > LEDGER_SCHEMA_VERSION) {
    return {
      ok: false,
      error: { code: 'LEDGER_SCHEMA_UNSUPPORTED', message: `schema ${schema} is newer than this reader knows (up to ${LEDGER_SCHEMA_VERSION}): read it with a newer pushsim`, line, offset },
    }
  }
  if (typeof kind !== 'string' || kind === '') return invalid(line, offset, `"kind" must be a non-empty string, got ${JSON.stringify(kind) ?? 'nothing'}`)
  const problem = validate?.(value)
  if (problem !== undefined) return invalid(line, offset, `${kind} entry does not match the schema: ${problem}`)
  if (kind === 'exchange') return { ok: true, kind, entry: value as LedgerEntry, line, offset }
  if (kind === 'device') return { ok: true, kind, entry: value as DeviceEntry, line, offset }
  return { ok: true, kind, entry: value as ForeignEntry, line, offset }
}

const invalid = (line: number, offset: number, message: string): LedgerLineError => ({ ok: false, error: { code: 'LEDGER_LINE_INVALID', message, line, offset } })

const torn = (line: number, offset: number, message: string): LedgerLineError => ({ ok: false, error: { code: 'LEDGER_LINE_INVALID', message, line, offset, torn: true } })

type Fields = { provider?: unknown; seq?: unknown; wire?: { outcome?: unknown } }

function filterOf(options: ReadLedgerOptions): (entry: Fields) => boolean {
  const providers = setOf(options.provider)
  const outcomes = setOf(options.outcome)
  const afterSeq = options.afterSeq
  if (!providers && !outcomes && afterSeq === undefined) return () => true
  return (entry) =>
    (!providers || providers.has(entry.provider)) &&
    (!outcomes || (typeof entry.wire === 'object' && entry.wire !== null && outcomes.has(entry.wire.outcome))) &&
    (afterSeq === undefined || typeof entry.seq !== 'number' || entry.seq > afterSeq)
}

const setOf = (value: string | readonly string[] | undefined): ReadonlySet<unknown> | undefined =>
  value === undefined ? undefined : new Set<unknown>(typeof value === 'string' ? [value] : value)
