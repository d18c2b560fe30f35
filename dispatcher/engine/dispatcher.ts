import type { Campaign } from '../model/entities.ts'
import type { PlanMessage } from '../rules/plan.ts'
import type { Store } from '../store/store.ts'
import type { AttemptDeps } from './attempt.ts'
import { systemClock, type Clock } from './clock.ts'
import { createRandom } from './ids.ts'
import { intake, type AudienceMember, type IntakeSummary } from './intake.ts'
import { DEFAULT_SETTINGS, scalePolicy, type DispatchSettings } from './settings.ts'
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
  clock?: Clock
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
  createCampaign(campaign: Campaign): void
  /** Plans and queues a campaign for an audience; resolves once every member is planned (sending continues). */
  send(campaignId: string, audience: AsyncIterable<AudienceMember> | Iterable<AudienceMember>): Promise<IntakeSummary>
  /** Resolves when no delivery of the campaign is pending or attempting. */
  settled(campaignId: string, pollMs?: number): Promise<void>
  close(): Promise<void>
}

export function createDispatcher(parts: DispatcherParts, options: DispatcherOptions): Dispatcher {
  const clock = options.clock ?? systemClock
  const settings: DispatchSettings = { ...DEFAULT_SETTINGS, ...options.settings }
  const attemptDeps: AttemptDeps = {
    store: parts.store,
    senders: parts.senders,
    classify: parts.classify,
    nextStep: parts.nextStep,
    contentForChannel: parts.contentForChannel,
    policy: scalePolicy(settings),
    backoff: { baseMs: settings.backoff.baseMs * settings.timeScale, capMs: settings.backoff.capMs * settings.timeScale },
    random: createRandom(options.seed),
    clock,
  }
  const workers: Workers = startWorkers(parts.store, attemptDeps, settings.concurrency)
  const open = (campaignId?: string) => {
    const counts = parts.store.countByState(campaignId)
    return counts.pending + counts.attempting
  }

  return {
    store: parts.store,
    settings,
    createCampaign: (campaign) => parts.store.createCampaign(campaign),
    async send(campaignId, audience) {
      const campaign = parts.store.getCampaign(campaignId)
      if (!campaign) throw new Error(`Failed to send campaign ${campaignId}: no such campaign.`)
      return intake(campaign, audience, {
        store: parts.store,
        planMessage: parts.planMessage,
        clock,
        seed: options.seed,
        wake: workers.wake,
        backpressure: async () => {
          while (open() > settings.intakeHighWater) await clock.sleep(5)
        },
      })
    },
    async settled(campaignId, pollMs = 10) {
      while (open(campaignId) > 0) await clock.sleep(pollMs)
    },
    async close() {
      await workers.stop()
      await parts.senders.close()
      parts.store.close()
    },
  }
}
