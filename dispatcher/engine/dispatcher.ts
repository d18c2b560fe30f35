import type { Campaign } from '../model/entities.ts'
import type { PlanMessage } from '../rules/plan.ts'
import type { Store } from '../store/store.ts'
import type { AttemptDeps } from './attempt.ts'
import { pause } from './clock.ts'
import { createRandom } from './ids.ts'
import { intake, type AudienceMember, type IntakeSummary } from './intake.ts'
import { DEFAULT_SETTINGS, type DispatchSettings } from './settings.ts'
import { sendTransactional, type TransactionalResult } from './transactional.ts'
import { createVirtualClock, type VirtualClock } from './virtual-clock.ts'
import { startWorkers, type Workers } from './workers.ts'

export interface DispatcherParts {
  store: Store
  senders: { forChannel: AttemptDeps['senders']['forChannel']; close(): Promise<void> }
  planMessage: PlanMessage
  classify: AttemptDeps['classify']
  nextStep: AttemptDeps['nextStep']
  contentForChannel: AttemptDeps['contentForChannel']
}

export interface DispatcherOptions {
  seed: string
  /** The run clock; by default one starting at the wall's now at `settings.timeScale`. */
  clock?: VirtualClock
  settings?: Partial<DispatchSettings>
}

/**
 * The reference dispatcher's running core: campaigns go in, audiences
 * stream through planning into the store, and provider workers send what is
 * due until every delivery is final.
 */
export interface Dispatcher {
  readonly store: Store
  readonly settings: DispatchSettings
  /** The run clock every rule and wait reads (GET/PUT /clock). */
  readonly clock: VirtualClock
  createCampaign(campaign: Campaign): void
  /** Plans and queues a campaign for an audience; resolves once every member is planned (sending continues). */
  send(campaignId: string, audience: AsyncIterable<AudienceMember> | Iterable<AudienceMember>): Promise<IntakeSummary>
  /** Plans one transactional message identified by `key` (idempotent) and wakes the workers. */
  sendOne(campaign: Campaign, key: string, member: AudienceMember): TransactionalResult
  /** Resolves when no delivery of the campaign is pending or attempting. */
  settled(campaignId: string, pollMs?: number): Promise<void>
  close(): Promise<void>
}

export function createDispatcher(parts: DispatcherParts, options: DispatcherOptions): Dispatcher {
  const settings: DispatchSettings = { ...DEFAULT_SETTINGS, ...options.settings }
  const clock = options.clock ?? createVirtualClock({ timeScale: settings.timeScale })
  // Every duration stays virtual: the clock, not a factor on each setting, makes a run fast.
  const attemptDeps: AttemptDeps = {
    store: parts.store,
    senders: parts.senders,
    classify: parts.classify,
    nextStep: parts.nextStep,
    contentForChannel: parts.contentForChannel,
    policy: settings.policy,
    backoff: settings.backoff,
    random: createRandom(options.seed),
    clock,
  }
  const workers: Workers = startWorkers(parts.store, attemptDeps, settings.concurrency)
  const open = (campaignId?: string) => {
    const counts = parts.store.countByState(campaignId)
    return counts.pending + counts.attempting
  }
  const planDeps = { store: parts.store, planMessage: parts.planMessage, clock, seed: options.seed }

  return {
    store: parts.store,
    get settings() {
      return { ...settings, timeScale: clock.timeScale }
    },
    clock,
    createCampaign: (campaign) => parts.store.createCampaign(campaign),
    async send(campaignId, audience) {
      const campaign = parts.store.getCampaign(campaignId)
      if (!campaign) throw new Error(`Failed to send campaign ${campaignId}: no such campaign.`)
      return intake(campaign, audience, {
        ...planDeps,
        wake: workers.wake,
        backpressure: async () => {
          while (open() > settings.intakeHighWater) await pause(clock, 5)
        },
      })
    },
    sendOne(campaign, key, member) {
      const result = sendTransactional(campaign, key, member, planDeps)
      if (result.ok && !result.value.duplicate) workers.wake()
      return result
    },
    async settled(campaignId, pollMs = 10) {
      while (open(campaignId) > 0) await pause(clock, pollMs)
    },
    async close() {
      await workers.stop()
      await parts.senders.close()
      parts.store.close()
    },
  }
}
