/**
 * Drives the workload's phases on the calendar: the clock moves to each
 * phase's start (after the previous phase's work has settled, or in steps
 * while some still waits on the calendar), then the phase's executors run
 * side by side. A dispatcher without the clock capability runs on wall
 * time: a phase that needs the calendar moved, or rules that read it, is
 * skipped with a reason, never run wrongly.
 */
import type { PhasePlan } from '../../scenarios/plan-types.ts'
import type { PhaseFigures } from '../result/run-result.ts'
import { runArrivalExecutor, runCampaignExecutor, type ExecutorContext, type ExecutorOutcome } from './executors.ts'
import { dispatcherBack, runKillExecutor } from './kill-dispatcher.ts'
import { settle } from './quiet.ts'
import { jumpClock, type RunContext } from './run-context.ts'

export async function runPhases(ctx: RunContext, wallDeadline: number): Promise<PhaseFigures[]> {
  const figures: PhaseFigures[] = []
  const firstOffset = ctx.plan.phases[0]?.offsetMs ?? 0
  for (const phase of ctx.plan.phases) {
    if (ctx.signal.aborted || ctx.failure !== undefined) {
      figures.push({ name: phase.name, startedAt: null, skipped: 'the run ended before it', executors: [] })
      continue
    }
    const skipped = skipReason(ctx, phase, firstOffset)
    if (skipped !== undefined) {
      ctx.notes.push(`phase ${phase.name} skipped: ${skipped}`)
      figures.push({ name: phase.name, startedAt: null, skipped, executors: [] })
      continue
    }
    const startMs = ctx.capabilities.has('clock') ? ctx.plan.clock.startMs + phase.offsetMs : ctx.clock.now()
    if (ctx.clock.now() < startMs) {
      const outcome = await settle(ctx, startMs, { isDeadline: false, wallDeadline })
      if (outcome === 'dispatcher-failed' || outcome === 'aborted' || outcome === 'deadline') {
        figures.push({ name: phase.name, startedAt: null, skipped: `the run ended before it (${outcome})`, executors: [] })
        continue
      }
      await jumpClock(ctx, startMs)
    } else if (ctx.clock.now() > startMs + 1_000 && ctx.capabilities.has('clock')) {
      ctx.notes.push(`phase ${phase.name} started ${Math.round((ctx.clock.now() - startMs) / 1000)} s (virtual) late: the previous phase ran past its start`)
    }
    ctx.progress.phase = phase.name
    const startedAt = ctx.clock.now()
    const outcomes = await Promise.all(phase.executors.map((executor, index) => runExecutor(ctx, phase, index, startedAt + executor.startMs)))
    figures.push({
      name: phase.name,
      startedAt: new Date(startedAt).toISOString(),
      executors: outcomes.map(({ error, ...rest }) => ({ ...rest, ...(error ? { error: error.message } : {}) })),
    })
    const failed = outcomes.find((outcome) => outcome.error !== undefined && outcome.error.code !== 'REJECTED')
    if (failed?.error) ctx.failure ??= failed.error
  }
  return figures
}

function runExecutor(ctx: RunContext, phase: PhasePlan, index: number, startsAtMs: number): Promise<ExecutorOutcome> {
  const executor = phase.executors[index]!
  const executorCtx: ExecutorContext = { client: ctx.client, book: ctx.book, clock: ctx.clock, timers: ctx.timers, intake: ctx.intake, seed: ctx.plan.seed, signal: ctx.signal, progress: ctx.progress, recover: () => dispatcherBack(ctx) }
  if (executor.executor === 'kill-dispatcher') return runKillExecutor(executor, phase.name, startsAtMs, ctx)
  if (executor.executor === 'campaign') {
    const campaign = ctx.plan.campaigns.find((candidate) => candidate.name === executor.campaign)!
    return runCampaignExecutor(executor, campaign, startsAtMs, executorCtx)
  }
  const message = ctx.plan.messages.find((candidate) => candidate.name === executor.message)!
  return runArrivalExecutor(executor, message, phase.name, index, startsAtMs, executorCtx)
}

/** Why a phase cannot run against this dispatcher, if it cannot. */
function skipReason(ctx: RunContext, phase: PhasePlan, firstOffset: number): string | undefined {
  const hasArrivals = phase.executors.some((executor) => executor.executor === 'constant-arrival-rate' || executor.executor === 'ramping-arrival-rate')
  if (hasArrivals && !ctx.capabilities.has('transactional')) return 'the dispatcher does not announce the transactional capability (POST /campaigns/{id}/sends)'
  if (ctx.capabilities.has('clock')) return undefined
  if (phase.offsetMs > firstOffset) return 'it starts later on the calendar, and the dispatcher does not announce the clock capability (GET/PUT /clock)'
  const calendarRules = phase.executors.flatMap((executor) => {
    if (executor.executor !== 'campaign') return []
    const campaign = ctx.plan.campaigns.find((candidate) => candidate.name === executor.campaign)
    if (campaign === undefined) return []
    return [campaign.dnd && 'DND', campaign.localTime && 'local-time delivery', campaign.cutoffMs !== undefined && 'a cut-off', campaign.recurringDay !== undefined && 'a recurring day', campaign.frequencyCap && 'a daily frequency cap'].filter((rule): rule is string => typeof rule === 'string').map((rule) => `${campaign.name} uses ${rule}`)
  })
  if (calendarRules.length > 0) return `${calendarRules.join(', ')}, which reads the calendar, and the dispatcher does not announce the clock capability`
  return undefined
}
