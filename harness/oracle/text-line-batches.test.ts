import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { textLineBatches } from './text-line-batches.ts'

const dir = mkdtempSync(join(tmpdir(), 'text-line-batches-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('textLineBatches', () => {
  it('gives every non-empty line once, in order, without its LF or CRLF, whatever the chunk size', async () => {
    let file = 0
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 30 }), fc.constant(''), fc.constant('  ')), { maxLength: 30 }), fc.boolean(), fc.boolean(), fc.integer({ min: 1, max: 64 }), async (texts, crlf, trailing, chunkBytes) => {
        const lines = texts.map((text) => text.replaceAll(/[\r\n]/g, ''))
        const path = join(dir, `lines-${file++}.txt`)
        writeFileSync(path, lines.join(crlf ? '\r\n' : '\n') + (trailing ? '\n' : ''))
        const read: string[][] = []
        for await (const batch of textLineBatches(path, chunkBytes)) read.push(batch)
        expect(read.flat()).toEqual(lines.filter((line) => line.trim() !== ''))
        expect(read.every((batch) => batch.length > 0)).toBe(true)
      }),
      { numRuns: 200 },
    )
  })
})
