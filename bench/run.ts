/**
 * npm run bench (third part) — what the harness costs the dispatcher: a
 * 100,000-delivery campaign through `pushsim run` (simulators, simulated
 * devices reporting, ledger on, the reference dispatcher as a child
 * process) beside the dispatcher bench alone (bench/dispatcher.ts), measured
 * in the same run. Target: the run reaches at least 90% of the dispatcher's
 * deliveries/s alone. Prints both figures, the ratio and each process's peak RSS.
 */
import { execFile, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { decodeScenario } from '../scenarios/decode/scenario.ts'
import { runScenario } from '../harness/run/run.ts'

const DELIVERIES = Number(process.env.BENCH_DELIVERIES ?? 100_000)
const run = promisify(execFile)

/** The dispatcher bench alone, in its own process: deliveries/s and peak RSS. */
async function dispatcherAlone(): Promise<{ deliveriesPerSecond: number; peakRssMb: number; seconds: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/dispatcher.ts', '--json'], { env: { ...process.env, BENCH_DELIVERIES: String(DELIVERIES) }, stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()))
  await new Promise((resolve) => child.once('exit', resolve))
  return JSON.parse(out.trim().split('\n').pop()!)
}

/** Peak RSS (VmHWM) of a process, in MB, while it lives. */
const peakRssOf = (pid: number): number => {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
    return kb === undefined ? 0 : Math.round(Number(kb) / 1024)
  } catch {
    return 0
  }
}

async function throughRun(): Promise<{ deliveriesPerSecond: number; dispatcherPeakRssMb: number; harnessPeakRssMb: number; seconds: number; reports: number; accepted: number }> {
  const decoded = decodeScenario({
    name: 'bench-100k',
    seed: 'bench',
    clock: { start: '2027-01-04T10:00:00Z' },
    audience: { persons: DELIVERIES, locales: 'en-US', devices: { channels: { apns: 0.4, fcm: 0.4, 'webpush-firefox': 0.2 } } },
    campaigns: [{ name: 'bench', template: { title: 'Hello {{firstName|there}}', body: 'Benchmark' } }],
    workload: { phases: [{ name: 'blast', executors: [{ executor: 'campaign', campaign: 'bench', rate: '1000000/s' }] }] },
    devices: { duplicateReports: 0.01 },
  })
  if (!decoded.ok) throw new Error(JSON.stringify(decoded.problems))
  const outDir = mkdtempSync(join(tmpdir(), 'pushsim-bench-run-'))
  let dispatcherPeak = 0
  let sampler: NodeJS.Timeout | undefined
  try {
    const result = await runScenario({
      plan: decoded.plan,
      source: 'bench/run.ts',
      sourceText: readFileSync('bench/run.ts', 'utf8'),
      outDir,
      dispatcher: { mode: 'child' },
      wallLimitMs: 900_000,
      onDispatcherStarted: (target) => {
        const pid = target.child?.pid
        if (pid === undefined) return
        // The same placement as the dispatcher bench: the dispatcher on CPU 1, the rest on CPU 0.
        void run('taskset', ['-cp', '1', String(pid)]).catch(() => {})
        void run('taskset', ['-cp', '0', String(process.pid)]).catch(() => {})
        sampler = setInterval(() => (dispatcherPeak = Math.max(dispatcherPeak, peakRssOf(pid))), 250)
      },
    })
    if (result.status !== 'passed') process.stderr.write(`bench run ended ${result.status}: ${result.message}\n`)
    return {
      deliveriesPerSecond: Math.round(result.counters.throughput.acceptedPerWallSecond),
      dispatcherPeakRssMb: dispatcherPeak,
      harnessPeakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      seconds: Math.round(result.wall.durationMs / 100) / 10,
      reports: result.counters.reports.posted,
      accepted: result.counters.accepted,
    }
  } finally {
    if (sampler) clearInterval(sampler)
    rmSync(outDir, { recursive: true, force: true })
  }
}

process.stdout.write(`pushsim bench: the harness's cost, ${DELIVERIES} deliveries; the dispatcher alone first…\n`)
const alone = await dispatcherAlone()
process.stdout.write(`dispatcher alone: ${alone.deliveriesPerSecond} deliveries/s, peak RSS ${alone.peakRssMb} MB; now through pushsim run…\n`)
const inRun = await throughRun()
const ratio = inRun.deliveriesPerSecond / alone.deliveriesPerSecond
process.stdout.write(
  `pushsim run: ${inRun.accepted} accepted at ${inRun.deliveriesPerSecond} deliveries/s (${inRun.reports} device reports, ledger on; run ${inRun.seconds} s), dispatcher peak RSS ${inRun.dispatcherPeakRssMb} MB, harness peak RSS ${inRun.harnessPeakRssMb} MB\n` +
    `ratio run/alone ${ratio.toFixed(2)} (target ≥ 0.90: ${ratio >= 0.9 ? 'met' : 'NOT met'})\n`,
)
