/**
 * One measured pass over a run directory, in its own process so its peak
 * RSS is its own: `oracle` runs the oracle's verifyRun; `baseline` only
 * streams the ledger and JSON-parses every line (the floor any reader of
 * the ledger pays). Prints one JSON line: wall and CPU seconds, peak RSS,
 * and a count.
 */
import { createReadStream } from 'node:fs'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { verifyRun } from '../../harness/oracle/verify.ts'

const [mode, dir] = process.argv.slice(2) as ['oracle' | 'baseline', string]
const started = performance.now()
let count = 0
let failed = 0
if (mode === 'oracle') {
  const verified = await verifyRun(dir)
  if (!verified.ok) throw new Error(verified.error)
  count = verified.value.length
  failed = verified.value.filter((result) => result.verdict === 'fail').length
} else {
  for await (const line of createInterface({ input: createReadStream(join(dir, 'simulators', 'ledger.ndjson')), crlfDelay: Infinity })) {
    if (line === '') continue
    JSON.parse(line)
    count++
  }
}
const seconds = (performance.now() - started) / 1000
const usage = process.resourceUsage()
// CPU time beside wall time: on a shared machine the wall depends on the neighbours. maxRSS is in KiB.
process.stdout.write(JSON.stringify({ mode, seconds, cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6, peakMB: usage.maxRSS / 1024, count, failed }) + '\n')
