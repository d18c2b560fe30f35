import { statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { toEntry, type LedgerRecord } from './entry.ts'
import { toNdjsonLine } from './ndjson-line.ts'
import { createNdjsonSink } from './ndjson-sink.ts'
import { isExchangeLine, readLedger, type LedgerLine, type ReadLedgerOptions } from './reader.ts'
import { DEPARTURES, OUTCOMES, PROVIDERS, sampleRecord, sampleRecords, validWires } from './samples.test-support.ts'
import { tempDir } from '../../test/support/temp-dir.ts'

const dir = tempDir('ledger-reader-')
let files = 0
const fileWith = (content: string | Buffer): string => {
  const path = join(dir, `ledger-${files++}.ndjson`)
  writeFileSync(path, content)
  return path
}

const readAll = async (path: string, options?: ReadLedgerOptions): Promise<LedgerLine[]> => {
  const lines: LedgerLine[] = []
  for await (const line of readLedger(path, options)) lines.push(line)
  return lines
}
const entriesOf = (lines: LedgerLine[]) => lines.map((line) => (line.ok ? line.entry : line))
const plain = (record: LedgerRecord) => JSON.parse(JSON.stringify(toEntry(record)))
const lineOf = (seq: number, shape?: Parameters<typeof sampleRecord>[1]) => toNdjsonLine(sampleRecord(seq, shape))
// A kind this reader does not know (device is known: ledger-hooks.test.ts reads it back).
const FOREIGN = { schema: 1, kind: 'beacon', seq: 3, device: 'd1', decision: { show: true, tags: ['a'] } }
const foreignLine = `${JSON.stringify(FOREIGN)}\n`

/** Records of every shape, on varied connections, with the outcomes, providers and plaintexts mixed. */
function manyRecords(count: number): LedgerRecord[] {
  const wires = validWires()
  const samples = sampleRecords()
  return Array.from({ length: count }, (_, i) => {
    const { wire, leftAfterMs } = wires[Math.floor(i / 3) % wires.length]!
    const base = samples[i % samples.length]!
    return i % 3 === 0
      ? sampleRecord(i + 1, {
          provider: PROVIDERS[i % PROVIDERS.length]!,
          wire,
          status: wire.status,
          ...(leftAfterMs === undefined ? {} : { wireLeftAfterMs: leftAfterMs }),
          body: i % 2 ? Buffer.from([i % 256, 0, 255]) : `{"n":${i},"s":"é€😀"}`,
          ...(i % 5 === 0 ? { plaintext: i % 2 ? { ok: true, text: `hi ${i}`, base64: '' } : { ok: false, error: 'bad tag' } } : {}),
        })
      : Object.assign(sampleRecord(i + 1), { ...base, seq: i + 1 })
  })
}

describe('readLedger', () => {
  it('reads back a file written by the real NDJSON sink as toEntry of each record', async () => {
    const path = join(dir, 'sink.ndjson')
    const sink = createNdjsonSink(path, { intervalMs: 1, batchSize: 97, chunkBytes: 4096 })
    const records = manyRecords(3000)
    for (const [i, record] of records.entries()) {
      sink.push(toNdjsonLine(record))
      if (i % 500 === 0) await new Promise((resolve) => setTimeout(resolve, 2))
    }
    await sink.close()

    const lines = await readAll(path)
    expect(lines).toHaveLength(records.length)
    expect(lines.every(isExchangeLine)).toBe(true)
    expect(entriesOf(lines)).toEqual(records.map(plain))
    expect(lines.map((line) => (line.ok ? line.line : 0))).toEqual(records.map((_, i) => i + 1))
    // Offsets are byte offsets: each line starts where the previous one's bytes end.
    let offset = 0
    for (const [i, line] of lines.entries()) {
      expect(line.ok && line.offset).toBe(offset)
      offset += Buffer.byteLength(toNdjsonLine(records[i]!))
    }
    expect(offset).toBe(statSync(path).size)

    // Every line the writer writes is valid against the schema.
    const validated = await readAll(path, { validate: true })
    expect(validated.filter((line) => !line.ok)).toEqual([])
    expect(new Set(validated.map((line) => line.ok && (line.entry as { wire?: { outcome: string } }).wire?.outcome))).toEqual(new Set(OUTCOMES))
  })

  it('reads the same lines whatever the chunk size, across chunk boundaries, multi-byte characters and CRLF', async () => {
    const records = manyRecords(60)
    const content = (count: number) => records.slice(0, count).map(toNdjsonLine).join('').replaceAll('}\n', '}\r\n') + foreignLine
    const expected = (count: number) => [...records.slice(0, count).map(plain), FOREIGN]
    // Byte by byte on a few lines (a CR and its LF in separate chunks), then bigger chunks on them all.
    const few = fileWith(content(6))
    for (const chunkBytes of [1, 2, 3]) expect(entriesOf(await readAll(few, { chunkBytes })), `chunkBytes ${chunkBytes}`).toEqual(expected(6))
    const all = fileWith(content(60))
    for (const chunkBytes of [7, 64, 1000, 1 << 20]) expect(entriesOf(await readAll(all, { chunkBytes })), `chunkBytes ${chunkBytes}`).toEqual(expected(60))
  })

  it('reads CRLF lines, a last line without a newline, and skips empty lines, counting them', async () => {
    const path = fileWith(`\r\n${lineOf(1).trimEnd()}\r\n\r\n   \n\n${lineOf(2).trimEnd()}\r\n${lineOf(3).trimEnd()}`)
    const lines = await readAll(path)
    expect(lines.map((line) => line.ok && [line.kind, line.entry.seq, line.line])).toEqual([
      ['exchange', 1, 2],
      ['exchange', 2, 6],
      ['exchange', 3, 7],
    ])
    const first = lines[0]!
    expect(first.ok && first.offset).toBe(2)
  })

  it('reports a torn last line at its byte offset, as a value, after every whole line', async () => {
    const whole = lineOf(1) + foreignLine + lineOf(2)
    const torn = lineOf(3).slice(0, 150)
    const path = fileWith(whole + torn)
    const lines = await readAll(path)
    expect(lines).toHaveLength(4)
    expect(lines.slice(0, 3).every((line) => line.ok)).toBe(true)
    expect(lines[3]).toEqual({
      ok: false,
      error: { code: 'LEDGER_LINE_INVALID', message: expect.stringMatching(/^torn last line: 150 bytes without a newline/), line: 4, offset: Buffer.byteLength(whole), torn: true },
    })
    // Torn in the middle of a multi-byte character, and within a CRLF.
    const multiByte = lineOf(4, { body: 'é€😀'.repeat(20) })
    const cut = Buffer.from(multiByte).subarray(0, Buffer.from(multiByte).indexOf('😀') + 2)
    const inCharacter = await readAll(fileWith(Buffer.concat([Buffer.from(whole), cut])))
    expect(inCharacter.at(-1)).toMatchObject({ ok: false, error: { line: 4, offset: Buffer.byteLength(whole), torn: true } })
    expect(await readAll(fileWith(`${lineOf(1).trimEnd()}\r`))).toMatchObject([{ ok: true, kind: 'exchange' }])
  })

  it('reads the line a restarted writer appended to a torn one, reporting the fragment', async () => {
    const fragment = lineOf(2).slice(0, 80)
    const path = fileWith(lineOf(1) + fragment + lineOf(3) + lineOf(4))
    const lines = await readAll(path)
    expect(lines.map((line) => (line.ok ? line.entry.seq : line.error.code))).toEqual([1, 'LEDGER_LINE_INVALID', 3, 4])
    expect(lines[1]).toMatchObject({ ok: false, error: { line: 2, offset: Buffer.byteLength(lineOf(1)), torn: true } })
    expect(lines[2]).toMatchObject({ ok: true, line: 2, offset: Buffer.byteLength(lineOf(1) + fragment) })
  })

  it('yields kinds it does not know as they were written', async () => {
    const lines = await readAll(fileWith(lineOf(1) + foreignLine + '{"schema":1,"kind":"note","text":"no seq"}\n'))
    expect(lines.map((line) => line.ok && line.kind)).toEqual(['exchange', 'beacon', 'note'])
    expect(lines[1]).toEqual({ ok: true, kind: 'beacon', entry: FOREIGN, line: 2, offset: Buffer.byteLength(lineOf(1)) })
    expect(lines.map(isExchangeLine)).toEqual([true, false, false])
  })

  it('reports bad content as error values and goes on', async () => {
    const content = [
      '{"schema":2,"kind":"exchange","seq":9,"whatever":"new"}',
      'not json at all',
      '[1,2]',
      'null',
      '"text"',
      '{"kind":"exchange","seq":1}',
      '{"schema":"1","kind":"exchange"}',
      '{"schema":0,"kind":"exchange"}',
      '{"schema":1}',
      '{"schema":1,"kind":""}',
      lineOf(5).trimEnd(),
    ].join('\n')
    const lines = await readAll(fileWith(content))
    expect(lines.map((line) => (line.ok ? line.kind : `${line.error.code} @${line.error.line}`))).toEqual([
      'LEDGER_SCHEMA_UNSUPPORTED @1',
      'LEDGER_LINE_INVALID @2',
      'LEDGER_LINE_INVALID @3',
      'LEDGER_LINE_INVALID @4',
      'LEDGER_LINE_INVALID @5',
      'LEDGER_LINE_INVALID @6',
      'LEDGER_LINE_INVALID @7',
      'LEDGER_LINE_INVALID @8',
      'LEDGER_LINE_INVALID @9',
      'LEDGER_LINE_INVALID @10',
      'exchange',
    ])
    const [unsupported, notJson, array] = lines
    expect(unsupported).toEqual({ ok: false, error: { code: 'LEDGER_SCHEMA_UNSUPPORTED', message: expect.stringContaining('schema 2 is newer than this reader knows (up to 1)'), line: 1, offset: 0 } })
    expect(!notJson!.ok && notJson!.error.message).toMatch(/^not JSON: /)
    expect(!notJson!.ok && notJson!.error.torn).toBeUndefined()
    expect(!array!.ok && array!.error.message).toBe('not a JSON object but an array')
  })

  it('checks lines against the schema only when asked', async () => {
    const broken = JSON.parse(lineOf(1))
    broken.wire.outcome = 'lost'
    const path = fileWith(`${JSON.stringify(broken)}\n${lineOf(2)}${foreignLine}{"schema":1,"kind":"beacon","seq":"x"}\n`)
    expect((await readAll(path)).every((line) => line.ok)).toBe(true)
    const validated = await readAll(path, { validate: true })
    expect(validated.map((line) => line.ok || line.error.message)).toEqual([
      expect.stringMatching(/^exchange entry does not match the schema: \/wire\/outcome must be equal to one of the allowed values/),
      true,
      true,
      expect.stringMatching(/^beacon entry does not match the schema: \/seq must be integer/),
    ])
  })

  it('filters by provider, outcome and afterSeq, keeping errors', async () => {
    const records = manyRecords(90)
    const path = fileWith(records.map(toNdjsonLine).join('') + foreignLine + 'garbage\n')
    const seqs = async (options: ReadLedgerOptions) => (await readAll(path, options)).map((line) => (line.ok ? line.entry.seq : 'error'))
    const entries = records.map(plain)
    const seqsWhere = (keep: (entry: any) => boolean) => entries.filter(keep).map((entry) => entry.seq)

    expect(await seqs({ provider: 'fcm' })).toEqual([...seqsWhere((e) => e.provider === 'fcm'), 'error'])
    expect(await seqs({ provider: ['apns', 'webpush'] })).toEqual([...seqsWhere((e) => e.provider !== 'fcm'), 'error'])
    expect(await seqs({ outcome: 'abandoned' })).toEqual([...seqsWhere((e) => e.wire.outcome === 'abandoned'), 'error'])
    expect(seqsWhere((e) => e.wire.outcome === 'abandoned').length).toBeGreaterThanOrEqual(DEPARTURES.length)
    expect(await seqs({ outcome: ['hung', 'reset'], provider: 'apns' })).toEqual([...seqsWhere((e) => ['hung', 'reset'].includes(e.wire.outcome) && e.provider === 'apns'), 'error'])
    // afterSeq keeps entries of any kind past it: the beacon entry has seq 3.
    expect(await seqs({ afterSeq: 85 })).toEqual([86, 87, 88, 89, 90, 'error'])
    expect(await seqs({ afterSeq: 2 })).toEqual([...seqsWhere((e) => e.seq > 2), 3, 'error'])
  })

  it('reports a line longer than maxLineBytes without holding it, and reads on', async () => {
    const long = lineOf(2, { body: 'x'.repeat(5000) })
    const path = fileWith(lineOf(1) + long + lineOf(3) + long.trimEnd())
    const lines = await readAll(path, { maxLineBytes: 4096, chunkBytes: 1000 })
    expect(lines.map((line) => (line.ok ? line.entry.seq : line.error.message))).toEqual([
      1,
      `line longer than 4096 bytes (${Buffer.byteLength(long) - 1} bytes): skipped`,
      3,
      expect.stringMatching(/^torn last line longer than 4096 bytes/),
    ])
    expect(lines[1]).toMatchObject({ ok: false, error: { line: 2, offset: Buffer.byteLength(lineOf(1)) } })
  })

  it('stops reading when the consumer stops', async () => {
    const path = fileWith(Array.from({ length: 50 }, (_, i) => lineOf(i + 1)).join(''))
    const seen: number[] = []
    for await (const line of readLedger(path, { chunkBytes: 256 })) {
      if (line.ok) seen.push(line.entry.seq as number)
      if (seen.length === 3) break
    }
    expect(seen).toEqual([1, 2, 3])
  })

  it('skips a byte order mark, and rejects for a file that cannot be read', async () => {
    const lines = await readAll(fileWith(`\uFEFF${lineOf(1)}`))
    expect(lines).toMatchObject([{ ok: true, offset: 3, line: 1 }])
    await expect(readAll(join(dir, 'missing.ndjson'))).rejects.toThrow(/ENOENT/)
  })
})
