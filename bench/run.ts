/**
 * npm run bench (third part) — what the harness costs the dispatcher: a
 * 100,000-delivery campaign through `pushsim run` (simulators, simulated
 * devices reporting, ledger on, the reference dispatcher as a child
 * process) beside the dispatcher bench alone (bench/dispatcher.ts), measured
 * in the same run. Target: the run reaches at least 90% of the dispatcher's
 * deliveries/s alone. Prints both figures, the ratio and each process's peak RSS,
 * and the dispatcher's CPU time per accepted delivery on both sides: on a
 * machine shared with other work that figure moves far less than a rate.
 */
import { execFile, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { runScenario } from '../harness/run/run.ts'
import { benchScenario } from './bench-scenario.ts'
import { cpuMsPer, sampleAt, sampleProcess, type ProcSample } from './proc-stat.ts'

const DELIVERIES = Number(process.env.BENCH_DELIVERIES ?? 100_000)
const run = promisify(execFile)

interface Alone {
  deliveriesPerSecond: number
  peakRssMb: number
  seconds: number
  accepted: number
  cpuSeconds: number
}

/** The dispatcher bench alone, in its own process: deliveries/s, peak RSS and CPU while it dispatched. */
async function dispatcherAlone(): Promise<Alone> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/dispatcher.ts', '--json'], { env: { ...process.env, BENCH_DELIVERIES: String(DELIVERIES) }, stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()))
  await new Promise((resolve) => child.once('exit', resolve))
  return JSON.parse(out.trim().split('\n').pop()!)
}

interface ThroughRun {
  deliveriesPerSecond: number
  dispatcherPeakRssMb: number
  harnessPeakRssMb: number
  seconds: number
  reports: number
  accepted: number
  /** The dispatcher child's CPU from its start to the last acceptance (what the alone figure covers), and over its whole run (reports, collection). */
  dispatcherCpuSeconds: { toLastAccepted: number; whole: number }
  /** This process: the harness, the simulators, the devices and the oracle. */
  harnessCpuSeconds: number
  /** This process while the dispatcher sent (its start to the last acceptance): CPU seconds and their share of one core. A share near 1 means the harness, not the dispatcher, set the pace. */
  harnessWhileSending: { cpuSeconds: number; coreShare: number }
}

async function throughRun(): Promise<ThroughRun> {
  const plan = benchScenario(DELIVERIES)
  const outDir = mkdtempSync(join(tmpdir(), 'pushsim-bench-run-'))
  const samples: ProcSample[] = []
  const harnessSamples: ProcSample[] = []
  let sampler: NodeJS.Timeout | undefined
  const harnessCpu = process.cpuUsage()
  try {
    const result = await runScenario({
      plan,
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
        const sample = () => {
          const taken = sampleProcess(pid)
          if (taken) samples.push(taken)
          const own = sampleProcess(process.pid)
          if (own) harnessSamples.push(own)
        }
        sample()
        sampler = setInterval(sample, 250)
      },
    })
    if (result.status !== 'passed') process.stderr.write(`bench run ended ${result.status}: ${result.message}\n`)
    const lastAccepted = result.counters.throughput.lastAcceptedAt === null ? Date.now() : Date.parse(result.counters.throughput.lastAcceptedAt)
    const first = samples[0]
    const last = samples.at(-1)
    const cpu = process.cpuUsage(harnessCpu)
    return {
      deliveriesPerSecond: Math.round(result.counters.throughput.acceptedPerWallSecond),
      // The max, not the last: an exiting process's status has no VmHWM any more.
      dispatcherPeakRssMb: Math.max(0, ...samples.map((sample) => sample.peakRssMb)),
      harnessPeakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      seconds: Math.round(result.wall.durationMs / 100) / 10,
      reports: result.counters.reports.posted,
      accepted: result.counters.accepted,
      dispatcherCpuSeconds: { toLastAccepted: round2((sampleAt(samples, lastAccepted)?.cpuSeconds ?? 0) - (first?.cpuSeconds ?? 0)), whole: last?.cpuSeconds ?? 0 },
      harnessCpuSeconds: round2((cpu.user + cpu.system) / 1e6),
      harnessWhileSending: shareWhile(harnessSamples, lastAccepted),
    }
  } finally {
    if (sampler) clearInterval(sampler)
    rmSync(outDir, { recursive: true, force: true })
  }
}

const round2 = (value: number) => Math.round(value * 100) / 100

/** CPU seconds from the first sample to the one at `untilMs`, and their share of the wall time between. */
function shareWhile(samples: readonly ProcSample[], untilMs: number): { cpuSeconds: number; coreShare: number } {
  const first = samples[0]
  const until = sampleAt(samples, untilMs)
  if (first === undefined || until === undefined || until.wallMs <= first.wallMs) return { cpuSeconds: 0, coreShare: 0 }
  const cpuSeconds = until.cpuSeconds - first.cpuSeconds
  return { cpuSeconds: round2(cpuSeconds), coreShare: round2(cpuSeconds / ((until.wallMs - first.wallMs) / 1000)) }
}

const ROUNDS = Math.max(1, Number(process.env.BENCH_RUN_ROUNDS ?? 1))
const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

// Rounds alternate (alone, run, alone, run…), so that each pair shares the machine's load of the moment; the
// medians are the figures (BENCH_RUN_ROUNDS, default 1: one 100,000-delivery round takes minutes).
process.stdout.write(`pushsim bench: the harness's cost, ${DELIVERIES} deliveries, ${ROUNDS} round(s); the dispatcher alone first…\n`)
const ratios: number[] = []
const cpuRatios: number[] = []
for (let round = 1; round <= ROUNDS; round++) {
  const alone = await dispatcherAlone()
  process.stdout.write(`round ${round}: dispatcher alone: ${alone.deliveriesPerSecond} deliveries/s, peak RSS ${alone.peakRssMb} MB, CPU ${alone.cpuSeconds} s = ${cpuMsPer(alone.cpuSeconds, alone.accepted)} ms per accepted delivery; now through pushsim run…\n`)
  const inRun = await throughRun()
  const ratio = inRun.deliveriesPerSecond / alone.deliveriesPerSecond
  const cpuRatio = cpuMsPer(inRun.dispatcherCpuSeconds.toLastAccepted, inRun.accepted) / cpuMsPer(alone.cpuSeconds, alone.accepted)
  ratios.push(ratio)
  cpuRatios.push(cpuRatio)
  process.stdout.write(
    `round ${round}: pushsim run: ${inRun.accepted} accepted at ${inRun.deliveriesPerSecond} deliveries/s (${inRun.reports} device reports, ledger on; run ${inRun.seconds} s), dispatcher peak RSS ${inRun.dispatcherPeakRssMb} MB, harness peak RSS ${inRun.harnessPeakRssMb} MB\n` +
      `round ${round}: dispatcher CPU per accepted delivery: ${cpuMsPer(inRun.dispatcherCpuSeconds.toLastAccepted, inRun.accepted)} ms to the last acceptance (${inRun.dispatcherCpuSeconds.toLastAccepted} s), ${cpuMsPer(inRun.dispatcherCpuSeconds.whole, inRun.accepted)} ms over the whole run with reports and collection (${inRun.dispatcherCpuSeconds.whole} s); harness process ${cpuMsPer(inRun.harnessCpuSeconds, inRun.accepted)} ms (${inRun.harnessCpuSeconds} s), ${inRun.harnessWhileSending.cpuSeconds} s while the dispatcher sent = ${Math.round(inRun.harnessWhileSending.coreShare * 100)}% of its core\n` +
      `round ${round}: ratio run/alone ${ratio.toFixed(2)}; dispatcher CPU per delivery run/alone ${cpuRatio.toFixed(2)}\n`,
  )
}
const ratio = median(ratios)
process.stdout.write(`ratio run/alone ${ratio.toFixed(2)}${ROUNDS > 1 ? ` (median of ${ratios.map((value) => value.toFixed(2)).join(', ')})` : ''} (target ≥ 0.90: ${ratio >= 0.9 ? 'met' : 'NOT met'}); dispatcher CPU per delivery run/alone ${median(cpuRatios).toFixed(2)}\n`)
