import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { toNdjsonLine } from './ndjson-line.ts'
import { readLedger, readLedgerBatches, type ReadLedgerOptions } from './reader.ts'
import { sampleRecord } from './samples.test-support.ts'

const dir = mkdtempSync(join(tmpdir(), 'ledger-batches-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const collect = async <T>(iterable: AsyncIterable<T>): Promise<T[]> => {
  const items: T[] = []
  for await (const item of iterable) items.push(item)
  return items
}

describe('readLedgerBatches', () => {
  // A torn fragment a restarted writer appended to, a foreign kind, an empty line, CRLF and a torn last line: each problem where a chunk may cut it.
  const content = [toNdjsonLine(sampleRecord(1)), toNdjsonLine(sampleRecord(2)).slice(0, 70), toNdjsonLine(sampleRecord(3)), '\r\n', '{"schema":1,"kind":"beacon","seq":4}\r\n', ...Array.from({ length: 40 }, (_, i) => toNdjsonLine(sampleRecord(5 + i, { provider: i % 2 === 0 ? 'apns' : 'fcm' }))), toNdjsonLine(sampleRecord(99)).slice(0, 120)].join('')
  const path = join(dir, 'ledger.ndjson')
  writeFileSync(path, content)

  it('gives readLedger’s lines in order, a chunk’s worth at a time, never an empty batch, whatever the chunk size and filter', async () => {
    for (const options of [{ chunkBytes: 5 }, { chunkBytes: 333 }, { chunkBytes: 4096 }, {}, { chunkBytes: 700, provider: 'apns' }] satisfies ReadLedgerOptions[]) {
      const batches = await collect(readLedgerBatches(path, options))
      const apnsOnly = options.provider === 'apns'
      const expected = [1, 'torn', 3, ...(apnsOnly ? [] : [4]), ...Array.from({ length: 40 }, (_, i) => 5 + i).filter((seq) => !apnsOnly || seq % 2 === 1), 'torn']
      expect(batches.flat().map((line) => (line.ok ? line.entry.seq : line.error.torn && 'torn')), JSON.stringify(options)).toEqual(expected)
      expect(batches.flat()).toEqual(await collect(readLedger(path, options)))
      expect(batches.every((batch) => batch.length > 0)).toBe(true)
      // One batch per chunk read (at most), so a large file is never held whole.
      if (options.chunkBytes !== undefined) expect(batches.length).toBeLessThanOrEqual(Math.ceil(Buffer.byteLength(content) / options.chunkBytes) + 1)
    }
    const problems = (await collect(readLedgerBatches(path))).flat().filter((line) => !line.ok)
    expect(problems.map((line) => !line.ok && line.error.torn)).toEqual([true, true])
  })
})
