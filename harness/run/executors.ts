/**
 * The workload's executors, on the run's clock. A campaign executor streams
 * the audience to the campaign at its intake rate (one NDJSON request, paced
 * by the clock); an arrival-rate executor starts one transactional send per
 * arrival whether or not earlier ones have answered (open model), and counts
 * an arrival as dropped when too many sends are already waiting — k6's
 * dropped_iterations — instead of slowing the arrivals down.
 */
import { createRng } from '../../simulators/kernel/rng.ts'
import type { ClockTimers } from '../../simulators/kernel/clock-timers.ts'
import type { RunClock } from '../../simulators/kernel/run-clock.ts'
import type { CampaignPlan, ExecutorPlan, MessagePlan } from '../../scenarios/plan-types.ts'
import type { ContractError, DispatcherClient } from '../contract/client.ts'
import type { ExecutorFigures } from '../result/run-result.ts'
import { arrivalOffsets } from './arrivals.ts'
import type { AudienceBook } from './audience-book.ts'
import { campaignIdOf, messageCampaignIdOf } from './campaign-bodies.ts'
import type { IntakeLog } from './intake-log.ts'

export interface ExecutorContext {
  client: DispatcherClient
  book: AudienceBook
  clock: RunClock
  timers: ClockTimers
  intake: IntakeLog
  seed: string
  signal: AbortSignal
  /** Counts persons streamed and sends started, for the progress line. */
  progress: { taken: number }
  /** After a failed call: waits for a killed dispatcher to be back (true: call again); false when no kill explains it. */
  recover?: () => Promise<boolean>
}

/** The run result's figures of an executor, with its first contract failure as the error value itself. */
export type ExecutorOutcome = Omit<ExecutorFigures, 'error'> & { error?: ContractError }

/** Bytes of NDJSON sent in one chunk at most: a fast intake is not one write per person. */
const CHUNK_BYTES = 64 * 1024
/** Transactional sends waiting for an answer at most (k6's maxVUs): arrivals beyond it are dropped. */
export const MAX_SENDS_IN_FLIGHT = 256

export async function runCampaignExecutor(executor: Extract<ExecutorPlan, { executor: 'campaign' }>, campaign: CampaignPlan, startsAtMs: number, ctx: ExecutorContext): Promise<ExecutorOutcome> {
  const campaignId = campaignIdOf(campaign.name)
  const persons = ctx.book.persons
  const dueOf = (i: number) => startsAtMs + (i * 1000) / executor.ratePerSecond
  async function* body(): AsyncGenerator<Uint8Array> {
    let i = 0
    while (i < persons && !ctx.signal.aborted) {
      if (ctx.clock.now() < dueOf(i)) await ctx.timers.until(dueOf(i), ctx.signal)
      const now = ctx.clock.now()
      const wall = Date.now()
      let chunk = ''
      while (i < persons && dueOf(i) <= now && chunk.length < CHUNK_BYTES) {
        chunk += ctx.book.memberLine(i, campaign.channels)
        ctx.intake.campaign(campaignId, ctx.book.personId(i), wall)
        ctx.progress.taken++
        i++
      }
      if (chunk !== '') yield Buffer.from(chunk)
    }
  }
  const base = { executor: 'campaign' as const, name: campaign.name, arrivals: persons, dropped: 0 }
  let messages = 0
  let duplicates = 0
  for (;;) {
    const answer = await ctx.client.sendAudience(campaignId, body(), ctx.signal)
    if (answer.ok) return { ...base, arrivals: answer.value.persons, messages: messages + answer.value.messages, duplicates: duplicates + answer.value.duplicates, failed: 0 }
    // A stream a kill broke is streamed again from the start, once the dispatcher answers: it plans each person once per campaign.
    if (answer.error.code === 'REJECTED' || ctx.recover === undefined || !(await ctx.recover())) return { ...base, messages, duplicates, failed: persons, error: answer.error }
  }
}

export async function runArrivalExecutor(executor: Extract<ExecutorPlan, { executor: 'constant-arrival-rate' | 'ramping-arrival-rate' }>, message: MessagePlan, phase: string, index: number, startsAtMs: number, ctx: ExecutorContext): Promise<ExecutorOutcome> {
  const campaignId = messageCampaignIdOf(message.name)
  // One stream per executor: who receives the k-th arrival depends on nothing but the seed and k.
  const rng = createRng(`${ctx.seed}/arrivals/${phase}/${index}`)
  const outcome: ExecutorOutcome = { executor: executor.executor, name: message.name, arrivals: 0, messages: 0, duplicates: 0, dropped: 0, failed: 0 }
  const sends = new Set<Promise<void>>()
  for (const offset of arrivalOffsets(executor)) {
    if (ctx.signal.aborted) break
    const dueMs = startsAtMs + offset
    if (ctx.clock.now() < dueMs) await ctx.timers.until(dueMs, ctx.signal)
    const k = outcome.arrivals++
    const person = rng.uint32() % ctx.book.persons
    ctx.progress.taken++
    if (sends.size >= MAX_SENDS_IN_FLIGHT) {
      outcome.dropped++
      continue
    }
    const key = `${phase}/${index}/${k}`
    const wall = Date.now()
    const send: Promise<void> = ctx.client.sendTransactional(campaignId, key, ctx.book.member(person)).then((answer) => {
      sends.delete(send)
      if (!answer.ok) {
        outcome.failed++
        outcome.error ??= answer.error
        return
      }
      ctx.intake.sent({ message: message.name, key, personId: ctx.book.personId(person), messageId: answer.value.messageId })
      if (answer.value.duplicate) outcome.duplicates++
      else if (answer.value.messageId !== null) {
        outcome.messages++
        ctx.intake.transactional(answer.value.messageId, wall)
      }
    })
    sends.add(send)
  }
  await Promise.all(sends)
  return outcome
}
