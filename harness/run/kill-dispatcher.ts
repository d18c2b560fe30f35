/**
 * The `kill-dispatcher` executor: kill -9 of a dispatcher the run started as
 * a child process, and its restart `restartAfter` (virtual) later on the same
 * database and the same port, its clock set again to the run's. Other
 * executors of the phase wait for `dispatcherBack()` before they send again:
 * a broken audience stream is streamed again from the start (the dispatcher
 * keeps one message per person and campaign).
 */
import type { ExecutorPlan } from '../../scenarios/plan-types.ts'
import type { ExecutorOutcome } from './executors.ts'
import type { RunContext } from './run-context.ts'

type KillPlan = Extract<ExecutorPlan, { executor: 'kill-dispatcher' }>

/** Why a kill cannot run against this run's dispatcher, if it cannot. */
export function killSkipReason(ctx: RunContext): string | undefined {
  const target = ctx.target
  if (target?.mode !== 'child' || target.child === undefined || target.restart === undefined) {
    return `the dispatcher is ${target?.mode === 'external' ? 'external' : 'in this process'}: only a dispatcher the run starts as a child process (--dispatcher child) can be killed and restarted`
  }
  return undefined
}

export async function runKillExecutor(executor: KillPlan, phase: string, startsAtMs: number, ctx: RunContext): Promise<ExecutorOutcome> {
  const outcome: ExecutorOutcome = { executor: 'kill-dispatcher', name: 'dispatcher', arrivals: 0, messages: 0, duplicates: 0, dropped: 0, failed: 0 }
  const skipped = killSkipReason(ctx)
  if (skipped !== undefined) {
    ctx.notes.push(`kill-dispatcher in phase ${phase} skipped: ${skipped}`)
    return outcome
  }
  if (ctx.clock.now() < startsAtMs) await ctx.timers.until(startsAtMs, ctx.signal)
  if (ctx.signal.aborted) return outcome
  const target = ctx.target!
  const child = target.child!
  let back!: () => void
  ctx.restarting = new Promise<void>((resolve) => (back = resolve))
  try {
    const exited = new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())))
    child.kill('SIGKILL')
    await exited
    ctx.kills.push({ atMs: ctx.clock.now(), pid: child.pid ?? -1 })
    ctx.notes.push(`kill-dispatcher: the dispatcher child (pid ${child.pid}) was killed with SIGKILL at ${new Date(ctx.clock.now()).toISOString()} (phase ${phase})`)
    await ctx.timers.sleep(executor.restartAfterMs, ctx.signal)
    const next = await target.restart!({ nowMs: ctx.clock.now(), timeScale: ctx.clock.timeScale })
    ctx.target = next
    ctx.onRestart?.(next)
    // A fresh process starts its own clock: it is set to the run's, scale included, before anything is sent again.
    const set = await ctx.client.setClock({ now: ctx.clock.now(), timeScale: ctx.clock.timeScale })
    if (!set.ok) {
      outcome.error = set.error
      return outcome
    }
    ctx.notes.push(`kill-dispatcher: restarted on the same database and ${next.url} at ${new Date(ctx.clock.now()).toISOString()}`)
  } catch (error) {
    outcome.error = { code: 'UNREACHABLE', message: `Failed to restart the dispatcher: ${(error as Error).message}` }
  } finally {
    ctx.restarting = undefined
    back()
  }
  return outcome
}

/**
 * For the other executors: when a kill is under way or was, waits until the dispatcher is back and
 * answers; true if it is (the failed call should be made again), false if no kill explains the failure.
 */
export async function dispatcherBack(ctx: RunContext): Promise<boolean> {
  if (ctx.restarting === undefined && ctx.kills.length === 0) return false
  await ctx.restarting
  for (let tries = 0; tries < 100 && !ctx.signal.aborted; tries++) {
    if ((await ctx.client.health()).ok) return true
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  return false
}
