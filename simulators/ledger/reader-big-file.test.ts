// In a file of its own, so it runs in a fresh worker: a heap that earlier tests grew
// lets V8 put off collecting, and the RSS would measure them rather than the reader.
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { toNdjsonLine } from './ndjson-line.ts'
import { readLedger } from './reader.ts'
import { sampleRecords } from './samples.test-support.ts'

const dir = mkdtempSync(join(tmpdir(), 'ledger-big-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const MiB = 1 << 20

describe('readLedger on a big file', () => {
  it('reads a file of 200 MiB in constant memory', { timeout: 60_000 }, async () => {
    const path = join(dir, 'big.ndjson')
    // About 1 MiB of lines of every shape and an entry of another kind, written again and again.
    const sample = sampleRecords().map(toNdjsonLine).join('') + '{"schema":1,"kind":"device","seq":1,"device":"d1"}\n'
    const perSample = sample.split('\n').length - 1
    const samplesPerBlock = Math.ceil(MiB / Buffer.byteLength(sample))
    const block = Buffer.from(sample.repeat(samplesPerBlock))
    const blocks = Math.ceil((200 * MiB) / block.length)
    const writeStart = performance.now()
    const fd = openSync(path, 'w')
    try {
      for (let i = 0; i < blocks; i++) writeSync(fd, block)
    } finally {
      closeSync(fd)
    }
    const writeMs = performance.now() - writeStart
    const size = statSync(path).size
    expect(size).toBeGreaterThanOrEqual(200 * MiB)

    const baseline = process.memoryUsage().rss
    let peak = baseline
    let exchanges = 0
    let others = 0
    let errors = 0
    const readStart = performance.now()
    for await (const line of readLedger(path)) {
      if (!line.ok) errors++
      else if (line.kind === 'exchange') exchanges++
      else others++
      if ((exchanges + others) % 4096 === 0) peak = Math.max(peak, process.memoryUsage().rss)
    }
    const readMs = performance.now() - readStart
    rmSync(path)

    const growth = (peak - baseline) / MiB
    console.log(
      `ledger reader: ${(size / MiB).toFixed(0)} MiB, ${exchanges + others} lines, written in ${writeMs.toFixed(0)} ms, read in ${readMs.toFixed(0)} ms ` +
        `(${(size / MiB / (readMs / 1000)).toFixed(0)} MiB/s); rss ${(baseline / MiB).toFixed(0)} MiB before, growth at most ${growth.toFixed(1)} MiB`,
    )
    expect(errors).toBe(0)
    expect(exchanges + others).toBe(perSample * samplesPerBlock * blocks)
    expect(others).toBe(samplesPerBlock * blocks)
    // Holding the file, or even a fraction of its lines, would take hundreds of MiB.
    expect(growth).toBeLessThan(64)
  })
})
