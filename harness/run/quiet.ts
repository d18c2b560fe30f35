/**
 * Quiescence (architecture.md): a run, or the stretch before the next phase,
 * is quiet when every planned delivery is final in the dispatcher's own
 * report, no exchange is in flight, no exchange waits to be read and no
 * device report is pending. While work only waits on the calendar —
 * deliveries delayed past DND or to a local time, retries backing off,
 * reports of apps opened hours later — and nothing moves, the clock is
 * fast-forwarded in growing steps, so a day of waiting costs a few wall
 * seconds; a step never passes `limitMs`.
 */
import type { DeliveryStates } from '../result/run-result.ts'
import { calendarMarks } from './calendar-marks.ts'
import { jumpClock, type RunContext } from './run-context.ts'

export type QuietOutcome = 'quiet' | 'reached' | 'deadline' | 'dispatcher-failed' | 'aborted'

const POLL_MS = 100
/** Polls in a row with nothing moving before the clock is moved. */
const IDLE_POLLS = 3
const FIRST_STEP_MS = 60_000
const MAX_STEP_MS = 6 * 3_600_000
/** Consecutive failed polls after which the dispatcher counts as gone. */
const FAILED_POLLS = 20

export const emptyStates = (): DeliveryStates => ({ pending: 0, attempting: 0, accepted: 0, bounced: 0, failed: 0, suppressed: 0, expired: 0 })

/** The dispatcher's delivery states summed over the run's campaigns; undefined when it did not answer. */
export async function dispatcherStates(ctx: RunContext): Promise<DeliveryStates | undefined> {
  const sum = emptyStates()
  for (const { id } of ctx.campaignIds) {
    const answer = await ctx.client.campaign(id)
    if (!answer.ok) {
      ctx.failure = answer.error
      return undefined
    }
    for (const key of Object.keys(sum) as (keyof DeliveryStates)[]) sum[key] += answer.value.deliveries[key] ?? 0
  }
  ctx.failure = undefined
  return sum
}

/**
 * Waits until the run is quiet (`quiet`), or until the clock reaches `limitMs`
 * (`reached`), fast-forwarding while idle; `deadline` when `limitMs` is the run's
 * deadline and work is still open there.
 */
export async function settle(ctx: RunContext, limitMs: number, options: { isDeadline: boolean; wallDeadline: number }): Promise<QuietOutcome> {
  let idlePolls = 0
  let step = FIRST_STEP_MS
  let failedPolls = 0
  let last = ''
  let lastDispatcherState = ''
  const nextMark = calendarMarks(ctx.plan)
  for (;;) {
    if (ctx.signal.aborted) return 'aborted'
    if (Date.now() > options.wallDeadline) return 'deadline'
    const states = await dispatcherStates(ctx)
    if (states === undefined) {
      if (++failedPolls >= FAILED_POLLS) return 'dispatcher-failed'
      await pause(POLL_MS * 2)
      continue
    }
    failedPolls = 0
    const open = states.pending + states.attempting
    const busy = states.attempting > 0 || ctx.sims.inFlight() > 0 || ctx.watch.backlog > 0 || ctx.fleet.posting() > 0
    if (open === 0 && !busy && ctx.fleet.pending() === 0) return 'quiet'
    if (ctx.clock.now() >= limitMs) return options.isDeadline ? 'deadline' : 'reached'
    const dispatcherState = JSON.stringify(states)
    const fingerprint = `${dispatcherState}|${ctx.fleet.pending()}|${ctx.sims.ledger.recorded}`
    idlePolls = !busy && fingerprint === last ? idlePolls + 1 : 0
    // The steps start small again only when the dispatcher moved; device reports firing on the way do not count.
    if (dispatcherState !== lastDispatcherState) step = FIRST_STEP_MS
    lastDispatcherState = dispatcherState
    last = fingerprint
    if (idlePolls >= IDLE_POLLS) {
      // With nothing open at the dispatcher, only device reports wait: the clock goes straight to the last one.
      const reportsDue = open === 0 ? ctx.fleet.lastDueMs() : undefined
      // Never past the next DND end or local delivery time: work due there must go out there.
      const to = Math.min(reportsDue ?? ctx.clock.now() + step, nextMark(ctx.clock.now()) ?? Number.POSITIVE_INFINITY)
      if (!(await jumpClock(ctx, Math.min(limitMs, to)))) return 'dispatcher-failed'
      step = Math.min(MAX_STEP_MS, step * 2)
      idlePolls = 0
    }
    await pause(POLL_MS)
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
