/**
 * What every step of a run shares: the clock the simulators and devices
 * read, the dispatcher client, the audience, the devices and the
 * measurements, and the notes and evidence the run result will carry.
 */
import type { ClockTimers } from '../../simulators/kernel/clock-timers.ts'
import type { RunClock } from '../../simulators/kernel/run-clock.ts'
import type { Simulators } from '../../simulators/serve.ts'
import type { ScenarioPlan } from '../../scenarios/plan-types.ts'
import type { ContractError, DispatcherClient } from '../contract/client.ts'
import type { DeviceFleet } from '../devices/fleet.ts'
import type { AudienceBook } from './audience-book.ts'
import type { DispatcherTarget } from './dispatcher-target.ts'
import type { IntakeLog } from './intake-log.ts'
import type { Measurements } from './measure.ts'
import type { WireWatch } from './wire-watch.ts'

export interface RunContext {
  plan: ScenarioPlan
  clock: RunClock
  /** Timers of the workload (the devices keep their own, so their pending count means reports only). */
  timers: ClockTimers
  sims: Simulators
  client: DispatcherClient
  capabilities: ReadonlySet<string>
  book: AudienceBook
  fleet: DeviceFleet
  watch: WireWatch
  measurements: Measurements
  intake: IntakeLog
  /** Dispatcher campaign ids the run created, by kind. */
  campaignIds: { id: string; name: string; kind: 'campaign' | 'transactional'; expected: number }[]
  notes: string[]
  signal: AbortSignal
  progress: { phase: string; taken: number }
  /** Set when the dispatcher stopped answering: the run ends with it as evidence. */
  failure?: ContractError
  /** The dispatcher the run started (a kill-dispatcher executor replaces it with its restart). */
  target?: DispatcherTarget
  /** Called with the restarted dispatcher, so the run closes that one at the end. */
  onRestart?(target: DispatcherTarget): void
  /** Set while a killed dispatcher is down; resolves once it is back. */
  restarting?: Promise<void>
  /** Each kill -9 made (virtual instant, pid). */
  kills: { atMs: number; pid: number }[]
}

/** Moves the run's clock (simulators and devices read it) and the dispatcher's to the same virtual instant. */
export async function jumpClock(ctx: RunContext, toMs: number): Promise<boolean> {
  if (toMs <= ctx.clock.now()) return true
  ctx.clock.set({ now: toMs })
  if (!ctx.capabilities.has('clock')) return true
  const answer = await ctx.client.setClock({ now: ctx.clock.now() })
  if (!answer.ok) ctx.failure ??= answer.error
  return answer.ok
}
