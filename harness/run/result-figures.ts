/**
 * Assembles the run result: the dispatcher's states summed, the wire's
 * counts, the devices' reports, the histograms, and the thresholds checked
 * against them.
 */
import type { CampaignFigures, PhaseFigures, RunResult, RunStatus } from '../result/run-result.ts'
import { RUN_RESULT_VERSION } from '../result/run-result.ts'
import { summarise } from '../../scenarios/summary.ts'
import { HISTOGRAMS, histogramSummary } from './measure.ts'
import { emptyStates } from './quiet.ts'
import type { RunContext } from './run-context.ts'
import { checkThresholds } from './threshold-check.ts'

interface Parts {
  status: RunStatus
  message: string
  scenario: RunResult['scenario']
  wall: RunResult['wall']
  dispatcher: RunResult['dispatcher']
  phases: PhaseFigures[]
  campaigns: CampaignFigures[]
  ledger: string
}

export function summariseRun(ctx: RunContext, parts: Parts): RunResult {
  const { measurements, fleet, plan } = ctx
  const states = emptyStates()
  for (const campaign of parts.campaigns) for (const key of Object.keys(states) as (keyof typeof states)[]) states[key] += campaign.states[key]
  const planned = Object.values(states).reduce((total, count) => total + count, 0)
  let acceptedOnWire = 0
  let retried = 0
  let firstAttemptWall = Number.POSITIVE_INFINITY
  let lastAcceptedWall = 0
  for (const delivery of measurements.deliveries.values()) {
    if (delivery.attempts > 1) retried++
    firstAttemptWall = Math.min(firstAttemptWall, delivery.firstAttemptWallMs)
    if (delivery.acceptedWallMs !== undefined) {
      acceptedOnWire++
      lastAcceptedWall = Math.max(lastAcceptedWall, delivery.acceptedWallMs)
    }
  }
  const droppedIterations = parts.phases.reduce((total, phase) => total + phase.executors.reduce((sum, executor) => sum + executor.dropped, 0), 0)
  const reportsPosted = { delivered: 0, opened: 0, converted: 0 }
  for (const name of ['delivered', 'opened'] as const) reportsPosted[name] = measurements.histograms[name === 'delivered' ? 'delivery_latency' : 'open_delay'].totalCount
  const conversions = fleet.counters.decisions.converted
  const sendingSeconds = acceptedOnWire === 0 ? 0 : (ctx.clock.virtualAt(lastAcceptedWall) - ctx.clock.virtualAt(firstAttemptWall)) / 1000
  const final = planned - states.pending - states.attempting
  const thresholds = checkThresholds(plan.expectations.thresholds, {
    trend: (metric) => (HISTOGRAMS as readonly string[]).includes(metric) ? measurements.histograms[metric as (typeof HISTOGRAMS)[number]] : undefined,
    rate: (metric) =>
      ({
        errors: [states.bounced + states.failed, final] as [number, number],
        bounces: [states.bounced, final] as [number, number],
        retries: [retried, measurements.deliveries.size] as [number, number],
        delivered: [reportsPosted.delivered, acceptedOnWire] as [number, number],
        opened: [reportsPosted.opened, acceptedOnWire] as [number, number],
      })[metric],
    count: (metric) => ({ sent: acceptedOnWire, deliveries: planned, conversions, dropped_iterations: droppedIterations })[metric],
    throughput: () => (sendingSeconds > 0 ? acceptedOnWire / sendingSeconds : undefined),
  })
  const thresholdsFailed = thresholds.some((verdict) => !verdict.ok)
  const status: RunStatus = parts.status === 'passed' && thresholdsFailed ? 'thresholds-failed' : parts.status
  const message = status === 'thresholds-failed' ? `${thresholds.filter((verdict) => !verdict.ok).length} of ${thresholds.length} thresholds failed.` : parts.message
  const segments = ctx.clock.state().segments.map((segment) => ({ ...segment }))
  const { acceptedAgain, abandoned, abandonedMaxWallMs } = measurements.duplicates
  // A scale too small makes the dispatcher's provider timeouts (wall timers of value × scale) shorter than this machine's latency.
  if (ctx.clock.timeScale < 1 && (acceptedAgain > 0 || abandoned > 0)) {
    ctx.notes.push(
      `${acceptedAgain} deliveries were accepted again and ${abandoned} exchanges abandoned by the dispatcher (after at most ${abandonedMaxWallMs} ms wall): at time scale ${ctx.clock.timeScale} its timeouts last that share of their value in wall time, which this machine's latency may exceed; rerun at a larger --time-scale to tell a dispatcher bug from a scale too small`,
    )
  }
  return {
    version: RUN_RESULT_VERSION,
    status,
    message,
    scenario: parts.scenario,
    wall: parts.wall,
    clock: { start: plan.clock.start, end: new Date(ctx.clock.now()).toISOString(), timeScale: ctx.clock.timeScale, segments },
    dispatcher: parts.dispatcher,
    plan: {
      persons: ctx.book.persons,
      devices: ctx.book.devices,
      tokenStates: { ...ctx.book.tokenStates },
      phases: plan.phases.length,
      expectedDeliveries: parts.campaigns.reduce((total, campaign) => total + campaign.expectedDeliveries, 0),
      summary: summarise(plan),
    },
    phases: parts.phases,
    campaigns: parts.campaigns,
    counters: {
      ...states,
      planned,
      onWire: measurements.deliveries.size,
      acceptedOnWire,
      exchanges: { ...measurements.exchanges },
      untrackedExchanges: measurements.untracked.count,
      acceptedAgainOnWire: acceptedAgain,
      droppedIterations,
      throughput: {
        acceptedPerSecond: sendingSeconds > 0 ? Math.round((acceptedOnWire / sendingSeconds) * 10) / 10 : 0,
        acceptedPerWallSecond: lastAcceptedWall > firstAttemptWall ? Math.round((acceptedOnWire / (lastAcceptedWall - firstAttemptWall)) * 10_000) / 10 : 0,
        firstAttemptAt: Number.isFinite(firstAttemptWall) ? new Date(firstAttemptWall).toISOString() : null,
        lastAcceptedAt: lastAcceptedWall > 0 ? new Date(lastAcceptedWall).toISOString() : null,
      },
      reports: { received: fleet.counters.received, ...fleet.counters.decisions, ...fleet.counters.reports },
    },
    histograms: Object.fromEntries(HISTOGRAMS.map((name) => [name, histogramSummary(measurements.histograms[name])])),
    wire: measurements.series(parts.dispatcher.settings),
    thresholds,
    // The oracle judges the run once its directory is complete (judge.ts).
    conformance: null,
    rules: [...plan.expectations.rules],
    ledger: parts.ledger,
    notes: [...ctx.notes],
  }
}
