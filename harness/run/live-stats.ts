/**
 * While a run goes, asks the dispatcher for each campaign's metrics (its own
 * stats page: Sent, views, clicks, CTR…) every few seconds, for a live view
 * (the dashboard). Only when someone listens: it costs the dispatcher a
 * metrics query per campaign each time.
 */
import type { RunContext } from './run-context.ts'

export interface CampaignStats {
  id: string
  name: string
  kind: 'campaign' | 'transactional'
  /** The dispatcher's metrics in the campaign's own profile, as it answered; null when it did not. */
  metrics: unknown
}

const POLL_MS = 2_000

export function watchCampaignStats(ctx: RunContext, onStats: ((stats: CampaignStats[]) => void) | undefined): () => void {
  if (onStats === undefined) return () => {}
  let polling = false
  let stopped = false
  const poll = async (): Promise<void> => {
    if (polling || ctx.failure !== undefined) return
    polling = true
    try {
      const answers = await Promise.all(ctx.campaignIds.map(({ id }) => ctx.client.metrics(id)))
      if (!stopped) onStats(ctx.campaignIds.map(({ id, name, kind }, i) => ({ id, name, kind, metrics: answers[i]!.ok ? answers[i]!.value : null })))
    } catch {
      // A live view only: the run's own collection at the end reports what the dispatcher failed to answer.
    } finally {
      polling = false
    }
  }
  void poll()
  const timer = setInterval(() => void poll(), POLL_MS)
  return () => {
    stopped = true
    clearInterval(timer)
  }
}
