/**
 * `npm run bench:oracle`: the oracle over a 2,000,000-exchange ledger
 * (issue 11 §1: checked in under 60 s, in bounded memory). Generates a
 * seeded synthetic run directory in a temp dir, then in child processes
 * runs the oracle's verifyRun and, side by side, a baseline that only
 * streams and parses every ledger line; prints both and whether the target
 * holds. BENCH_ORACLE_EXCHANGES overrides the size. BENCH_ORACLE_HEAP_MB
 * caps the oracle child's V8 heap (default: no cap, as `pushsim verify`
 * runs): uncapped, V8 grows the heap lazily and peak RSS shows what it
 * chose to take, not what the oracle needs; capped, finishing at all
 * shows the bound (at the cost of more garbage collection).
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { generateRun } from './oracle/generate-run.ts'

const EXCHANGES = Number(process.env.BENCH_ORACLE_EXCHANGES ?? 2_000_000)
const TARGET_SECONDS = 60
/** "Bounded memory": the oracle's peak stays under this, whatever the ledger's size (the partitioned fold's design point). */
const MEMORY_BOUND_MB = 1024
const ORACLE_HEAP_MB = Number(process.env.BENCH_ORACLE_HEAP_MB ?? 0)
const CHILD = fileURLToPath(new URL('./oracle/measure-child.ts', import.meta.url))

interface Measured {
  seconds: number
  cpuSeconds: number
  peakMB: number
  count: number
  failed: number
}

async function measure(mode: 'oracle' | 'baseline', dir: string): Promise<Measured> {
  const heap = mode === 'oracle' && ORACLE_HEAP_MB > 0 ? [`--max-old-space-size=${ORACLE_HEAP_MB}`] : []
  const { stdout } = await promisify(execFile)(process.execPath, [...heap, '--import', 'tsx', CHILD, mode, dir], { maxBuffer: 1 << 20 })
  return JSON.parse(stdout.trim().split('\n').pop()!) as Measured
}

const dir = mkdtempSync(join(tmpdir(), 'pushsim-bench-oracle-'))
try {
  const generatedAt = performance.now()
  const run = await generateRun(dir, EXCHANGES)
  const generateSeconds = (performance.now() - generatedAt) / 1000
  const baseline = await measure('baseline', dir)
  const oracle = await measure('oracle', dir)
  const holds = oracle.seconds < TARGET_SECONDS && oracle.peakMB < MEMORY_BOUND_MB
  const lines = [
    `exchanges          ${run.exchanges.toLocaleString('en-US')} (${run.deliveries.toLocaleString('en-US')} deliveries, ${run.deviceLines.toLocaleString('en-US')} device lines, ledger ${(run.ledgerBytes / 2 ** 20).toFixed(0)} MB, generated in ${generateSeconds.toFixed(1)} s)`,
    `oracle             ${oracle.seconds.toFixed(1)} s (${oracle.cpuSeconds.toFixed(1)} s CPU; ${oracle.count} cases, ${oracle.failed} failed: the synthetic reports carry no figures)`,
    `baseline           ${baseline.seconds.toFixed(1)} s (${baseline.cpuSeconds.toFixed(1)} s CPU; stream + JSON.parse of ${baseline.count.toLocaleString('en-US')} lines)`,
    `ratio              ${(oracle.seconds / baseline.seconds).toFixed(2)}× the baseline`,
    `oracle peak        ${oracle.peakMB.toFixed(0)} MB (${ORACLE_HEAP_MB > 0 ? `V8 heap capped at ${ORACLE_HEAP_MB} MB` : 'V8 heap uncapped'})`,
    `baseline peak      ${baseline.peakMB.toFixed(0)} MB`,
    `target             ${holds ? 'holds' : 'MISSED'}: < ${TARGET_SECONDS} s and < ${MEMORY_BOUND_MB} MB peak`,
  ]
  process.stdout.write(lines.join('\n') + '\n')
  if (!holds) process.exitCode = 1
} finally {
  rmSync(dir, { recursive: true, force: true })
}
