/**
 * `pushsim run`, as a library: starts the simulators on the run's clock
 * with the scenario's faults, books the audience's tokens and
 * subscriptions, starts (or reaches) the dispatcher, drives the phases,
 * waits for quiescence, collects the dispatcher's figures, measures from
 * the wire and writes run-result.json beside the ledger.
 */
import { createHash } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { createClockTimers } from '../../simulators/kernel/clock-timers.ts'
import { createRunClock } from '../../simulators/kernel/run-clock.ts'
import { startSimulators, type PortName, type Simulators } from '../../simulators/serve.ts'
import type { ScenarioPlan } from '../../scenarios/plan-types.ts'
import { createDispatcherClient, type DispatcherClient } from '../contract/client.ts'
import { startDeviceFleet } from '../devices/fleet.ts'
import { RUN_RESULT_VERSION, type PhaseFigures, type RunResult, type RunStatus } from '../result/run-result.ts'
import { bookAudience } from './audience-book.ts'
import { campaignBody, campaignIdOf, messageBody, messageCampaignIdOf } from './campaign-bodies.ts'
import { collectCampaigns } from './collect.ts'
import { judgeRun } from './judge.ts'
import { watchCampaignStats, type CampaignStats } from './live-stats.ts'
import { startDispatcherTarget, type DispatcherMode, type DispatcherTarget } from './dispatcher-target.ts'
import { createIntakeLog, SENDS_FILE } from './intake-log.ts'
import { startMeasurements } from './measure.ts'
import { runPhases } from './phases.ts'
import { settle } from './quiet.ts'
import { summariseRun } from './result-figures.ts'
import type { RunContext } from './run-context.ts'
import { watchDispatcher } from './watchdog.ts'
import { watchWire } from './wire-watch.ts'

export interface RunOptions {
  plan: ScenarioPlan
  /** The scenario file (or a name), and its text for the hash. */
  source: string
  sourceText: string
  /** The run directory: run-result.json, the ledger, the simulators' state, the dispatcher's database. */
  outDir: string
  dispatcher: { mode: DispatcherMode; url?: string; entry?: string }
  /** Simulator ports (default: any free ones; fixed ones let an external dispatcher find them). */
  ports?: Partial<Record<PortName, number>>
  /** The simulators' state directory (default `<outDir>/simulators`; an external dispatcher shares its credentials). */
  stateDir?: string
  /** Wall ms a call to the dispatcher may take before it counts as unanswered (default 30 s). */
  callTimeoutMs?: number
  /** Wall ms after which the run ends with status `deadline` (default 10 min). */
  wallLimitMs?: number
  signal?: AbortSignal
  onProgress?(progress: RunProgress): void
  /** Each campaign's metrics as the dispatcher reports them, every few seconds while the run goes (the dashboard). */
  onCampaignStats?(stats: CampaignStats[]): void
  /** Called once the simulators listen, before the dispatcher starts (the dashboard watches their ledger and faults). */
  onSimulatorsStarted?(sims: Simulators): void
  /** Called once the dispatcher is up (the bench pins and watches a child's process). */
  onDispatcherStarted?(target: DispatcherTarget): void
}

export interface RunProgress {
  phase: string
  /** Deliveries final and planned, from the dispatcher's last report. */
  final: number
  planned: number
  /** Deliveries accepted on the wire per wall second, over the last interval. */
  acceptedPerSecond: number
  /** Exchanges not answered 2xx so far. */
  errors: number
  virtualNow: string
}

export class RunSetupError extends Error {
  constructor(
    readonly code: 'DISPATCHER_UNREACHABLE' | 'CAPABILITY_MISSING' | 'SETUP',
    message: string,
  ) {
    super(message)
  }
}

/** Virtual time past the last phase's end a run may take to settle, beyond the longest TTL. */
const SETTLE_MARGIN_MS = 86_400_000

export async function runScenario(options: RunOptions): Promise<RunResult> {
  const result = await driveScenario(options)
  // The oracle reads the run directory the run left (the ledger is closed by now): its verdicts join the result.
  return judgeRun(resolve(options.outDir), result)
}

async function driveScenario(options: RunOptions): Promise<RunResult> {
  const { plan } = options
  const outDir = resolve(options.outDir)
  mkdirSync(outDir, { recursive: true })
  const wallStart = Date.now()
  const wallDeadline = wallStart + (options.wallLimitMs ?? 600_000)
  const controller = new AbortController()
  options.signal?.addEventListener('abort', () => controller.abort(), { once: true })
  const notes: string[] = []
  // What the dispatcher's /health declares (timeouts, retry limits, backoff): the oracle holds it to them.
  const declared: { settings?: unknown } = {}
  const clientOptions = options.callTimeoutMs === undefined ? {} : { timeoutMs: options.callTimeoutMs }

  // An external dispatcher is asked first: without the clock capability the run follows the wall.
  let external: DispatcherClient | undefined
  let capabilities = new Set(['clock', 'transactional', 'identify', 'metrics-profiles'])
  if (options.dispatcher.mode === 'external') {
    external = createDispatcherClient(options.dispatcher.url!, clientOptions)
    capabilities = await capabilitiesOf(external, declared)
  }
  const followsClock = capabilities.has('clock')
  if (!followsClock) notes.push('the dispatcher does not announce the clock capability: the run follows the wall clock from now, at time scale 1')
  const clock = followsClock ? createRunClock({ startMs: plan.clock.startMs, timeScale: plan.clock.timeScale, frozen: true }) : createRunClock()
  const stateDir = resolve(options.stateDir ?? join(outDir, 'simulators'))
  const ports = options.ports ?? { admin: 0, apns: 0, apnsH2c: 0, fcm: 0, fcmTls: 0, webpush: 0, webpushTls: 0 }
  const sims = await startSimulators({ stateDir, ports, seed: plan.seed, clock, timeScale: clock.timeScale, faults: { faults: plan.faults.faults, seed: plan.faults.seed } })
  let target: DispatcherTarget | undefined
  const closers: (() => unknown)[] = []
  let stoppedAnswering = false
  try {
    options.onSimulatorsStarted?.(sims)
    const book = bookAudience(plan.persons, sims)
    target = await startDispatcherTarget({ mode: options.dispatcher.mode, ...(options.dispatcher.url ? { url: options.dispatcher.url } : {}), ...(options.dispatcher.entry ? { entry: options.dispatcher.entry } : {}), adminUrl: sims.endpoints.admin, database: join(outDir, 'dispatcher.db'), seed: plan.seed })
    options.onDispatcherStarted?.(target)
    const client = external ?? createDispatcherClient(target.url, clientOptions)
    closers.push(() => client.close())
    if (!external) capabilities = await capabilitiesOf(client, declared)
    // The calendar starts now that everything is set up: the first phase begins at the scenario's instant.
    clock.resume()
    if (followsClock) {
      const set = await client.setClock({ now: clock.now(), timeScale: clock.timeScale })
      if (!set.ok) throw new RunSetupError('DISPATCHER_UNREACHABLE', `Failed to set the dispatcher's clock: ${set.error.message}`)
    }

    const timers = createClockTimers(clock)
    const deviceTimers = createClockTimers(clock)
    closers.push(() => timers.close(), () => deviceTimers.close())
    const watch = watchWire(sims, book, join(outDir, 'tracking.ndjson'))
    const measurements = startMeasurements(watch, clock)
    const fleet = startDeviceFleet({ sims, watch, devices: plan.devices, seed: plan.seed, clock, timers: deviceTimers, client, onReport: (kind, delayMs) => measurements.report(kind, delayMs) })
    closers.push(() => fleet.close(), () => measurements.close(), () => watch.close())
    const ctx: RunContext = {
      plan,
      clock,
      timers,
      sims,
      client,
      capabilities,
      book,
      fleet,
      watch,
      measurements,
      intake: createIntakeLog(join(outDir, SENDS_FILE)),
      campaignIds: [],
      notes,
      signal: controller.signal,
      progress: { phase: '', taken: 0 },
      target,
      onRestart: (next) => void (target = next),
      kills: [],
    }
    closers.push(() => ctx.intake.close())
    await createCampaigns(ctx)
    const stopProgress = reportProgress(ctx, options.onProgress)
    const stopStats = watchCampaignStats(ctx, options.onCampaignStats)
    closers.push(stopProgress, stopStats)

    const stopWatchdog = watchDispatcher(ctx, () => controller.abort())
    closers.push(stopWatchdog)
    const phases = await runPhases(ctx, wallDeadline)
    const lastEnd = Math.max(...plan.phases.map((phase) => plan.clock.startMs + phase.offsetMs + phase.durationMs), clock.now())
    const longestTtl = Math.max(0, ...plan.campaigns.map((campaign) => campaign.ttlMs), ...plan.messages.map((message) => message.ttlMs))
    const deadlineMs = lastEnd + longestTtl + SETTLE_MARGIN_MS
    const outcome = ctx.failure ? 'dispatcher-failed' : await settle(ctx, followsClock ? deadlineMs : Number.POSITIVE_INFINITY, { isDeadline: true, wallDeadline })
    stopProgress()
    stopStats()
    stopWatchdog()
    const campaigns = await collectCampaigns(ctx, outDir)
    const { status, message } = verdict(outcome, ctx)
    const result = summariseRun(ctx, {
      status,
      message,
      scenario: { name: plan.name, source: options.source, hash: createHash('sha256').update(options.sourceText).digest('hex'), seed: plan.seed },
      wall: { startedAt: new Date(wallStart).toISOString(), endedAt: new Date().toISOString(), durationMs: Date.now() - wallStart },
      dispatcher: { url: target.url, mode: target.mode, capabilities: [...capabilities].sort(), settings: declared.settings ?? null },
      phases,
      campaigns,
      ledger: sims.ledger.path === undefined ? '' : relative(outDir, sims.ledger.path),
    })
    stoppedAnswering = result.status === 'dispatcher-failed'
    return result
  } finally {
    for (const close of closers.reverse()) await close()
    await target?.close({ force: stoppedAnswering })
    await sims.close()
  }
}

async function capabilitiesOf(client: DispatcherClient, declared?: { settings?: unknown }): Promise<Set<string>> {
  const health = await client.health()
  if (!health.ok) throw new RunSetupError('DISPATCHER_UNREACHABLE', `Failed to reach the dispatcher at ${client.url}: ${health.error.message}`)
  if (declared) declared.settings = health.value.settings
  return new Set(health.value.capabilities ?? [])
}

async function createCampaigns(ctx: RunContext): Promise<void> {
  const { plan } = ctx
  for (const campaign of plan.campaigns) {
    // A cut-off counts from the start of the first executor that sends the campaign.
    const phase = plan.phases.find((candidate) => candidate.executors.some((executor) => executor.executor === 'campaign' && executor.campaign === campaign.name))
    const executor = phase?.executors.find((candidate) => candidate.executor === 'campaign' && candidate.campaign === campaign.name)
    const startsAt = plan.clock.startMs + (phase?.offsetMs ?? 0) + (executor?.startMs ?? 0)
    const created = await ctx.client.createCampaign(campaignBody(campaign, startsAt))
    if (!created.ok) throw new RunSetupError('SETUP', `Failed to create campaign ${campaign.name} at the dispatcher: ${created.error.message}`)
    ctx.campaignIds.push({ id: campaignIdOf(campaign.name), name: campaign.name, kind: 'campaign', expected: plan.expected.campaigns[campaign.name]?.deliveries ?? 0 })
  }
  for (const message of plan.messages) {
    const created = await ctx.client.createCampaign(messageBody(message))
    if (!created.ok) throw new RunSetupError('SETUP', `Failed to create the transactional message ${message.name} at the dispatcher: ${created.error.message}`)
    ctx.campaignIds.push({ id: messageCampaignIdOf(message.name), name: message.name, kind: 'transactional', expected: plan.expected.messages[message.name]?.deliveries ?? 0 })
  }
}

function verdict(outcome: string, ctx: RunContext): { status: RunStatus; message: string } {
  if (outcome === 'dispatcher-failed' || (outcome === 'aborted' && ctx.failure !== undefined)) return { status: 'dispatcher-failed', message: `The dispatcher stopped answering: ${ctx.failure?.message ?? 'no answer'}.` }
  if (outcome === 'deadline') return { status: 'deadline', message: 'The run reached its deadline with deliveries or reports still open.' }
  if (outcome === 'aborted') return { status: 'deadline', message: 'The run was stopped before it settled.' }
  return { status: 'passed', message: 'Every planned delivery is final and every device report was posted.' }
}

function reportProgress(ctx: RunContext, onProgress: RunOptions['onProgress']): () => void {
  if (onProgress === undefined) return () => {}
  let lastAccepted = 0
  let lastWall = Date.now()
  let states = { final: 0, planned: 0 }
  let polling = false
  const timer = setInterval(() => {
    if (!polling) {
      polling = true
      void Promise.all(ctx.campaignIds.map(({ id }) => ctx.client.campaign(id))).then((answers) => {
        polling = false
        let final = 0
        let planned = 0
        for (const answer of answers) {
          if (!answer.ok) return
          const d = answer.value.deliveries
          const open = (d.pending ?? 0) + (d.attempting ?? 0)
          const all = Object.values(d).reduce((total, count) => total + (count ?? 0), 0)
          final += all - open
          planned += all
        }
        states = { final, planned }
      })
    }
    const accepted = ctx.measurements.accepted
    const now = Date.now()
    const errors = Object.entries(ctx.measurements.exchanges).filter(([outcome]) => !/^answered 2\d\d$/.test(outcome)).reduce((total, [, count]) => total + count, 0)
    onProgress({ phase: ctx.progress.phase, ...states, acceptedPerSecond: ((accepted - lastAccepted) * 1000) / Math.max(1, now - lastWall), errors, virtualNow: new Date(ctx.clock.now()).toISOString() })
    lastAccepted = accepted
    lastWall = now
  }, 1_000)
  return () => clearInterval(timer)
}


export { RUN_RESULT_VERSION }
export { writeRunResult } from './result-file.ts'
export type { CampaignStats, PhaseFigures }
