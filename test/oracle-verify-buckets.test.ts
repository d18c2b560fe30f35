/**
 * The oracle judges a big ledger in buckets (the wire fold's partition and
 * the metric path's collector, bucket by bucket): any number of buckets
 * gives the same verdicts and evidence as one, on a synthetic run of the
 * bench's shape (retries, timeouts, dead tokens, suppressed devices, device
 * reports, eight campaign reports); and so does reading the ledger in a
 * worker thread (ledger-reader/) rather than in the oracle's own.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateRun } from '../bench/oracle/generate-run.ts'
import { verifyRun, wireAndMetricCasesIn } from '../harness/oracle/verify.ts'

describe('the oracle over a ledger in buckets', () => {
  let dir: string
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pushsim-oracle-buckets-'))
    await generateRun(dir, 6000, 3)
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('judges alike in one bucket and in five', async () => {
    const ledgerBytes = statSync(join(dir, 'simulators', 'ledger.ndjson')).size
    const whole = await verifyRun(dir, [wireAndMetricCasesIn({ bytesPerBucket: ledgerBytes + 1, inWorker: false })])
    const split = await verifyRun(dir, [wireAndMetricCasesIn({ bytesPerBucket: Math.ceil(ledgerBytes / 5), inWorker: false })])
    if (!whole.ok || !split.ok) throw new Error('the synthetic run did not load')
    // The run exercises both paths: deliveries judged on the wire, and campaign figures and statuses.
    const verdict = (id: string) => whole.value.find((result) => result.id === id)?.verdict
    expect([verdict('retry.limit.apns'), verdict('aggregation.person-status.last-device'), verdict('metrics.mobile.sent')]).toEqual(['pass', 'pass', 'fail'])
    expect(whole.value.find((result) => result.id === 'metrics.mobile.sent')!.evidence.length).toBeGreaterThan(0)
    expect(split.value).toEqual(whole.value)
  })

  it('judges alike with the ledger read in a worker thread, in one bucket and in five', async () => {
    const ledgerBytes = statSync(join(dir, 'simulators', 'ledger.ndjson')).size
    const here = await verifyRun(dir, [wireAndMetricCasesIn({ bytesPerBucket: ledgerBytes + 1, inWorker: false })])
    for (const bytesPerBucket of [ledgerBytes + 1, Math.ceil(ledgerBytes / 5)]) {
      const inWorker = await verifyRun(dir, [wireAndMetricCasesIn({ bytesPerBucket, inWorker: true })])
      if (!here.ok || !inWorker.ok) throw new Error('the synthetic run did not load')
      expect(inWorker.value, `${bytesPerBucket} bytes a bucket`).toEqual(here.value)
    }
  })
})
