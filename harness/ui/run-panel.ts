/**
 * What the dashboard shows of a run: its progress line and each campaign's
 * figures as the dispatcher reports them. Under `pushsim serve` there is no
 * run, and the panel says so.
 */
import type { CampaignStats, RunProgress } from '../run/run.ts'

/** One campaign's stats-page figures, from whichever metrics profile the dispatcher answered in. */
export interface CampaignFigures {
  id: string
  name: string
  kind: string
  sent: number | null
  /** Views (web push) or impressions (mobile); null when the dispatcher cannot know (Safari) or did not say. */
  views: number | null
  clicks: number | null
  /** Percent, as the dispatcher reports it. */
  ctr: number | null
}

export type RunPanel =
  | { state: 'none' }
  | { state: 'starting' | 'running' | 'ended'; scenario: string; progress: RunProgress | null; campaigns: CampaignFigures[]; ended: { status: string; message: string } | null }

export function campaignFigures(stats: CampaignStats): CampaignFigures {
  const m = (typeof stats.metrics === 'object' && stats.metrics !== null ? stats.metrics : {}) as Record<string, unknown>
  const count = (...keys: string[]): number | null => {
    for (const key of keys) if (typeof m[key] === 'number') return m[key] as number
    return null
  }
  return { id: stats.id, name: stats.name, kind: stats.kind, sent: count('sent', 'sends'), views: count('views', 'impressions'), clicks: count('clicks'), ctr: count('ctr') }
}

/** The run panel's state, changed by the run's callbacks; `onChange` sends it on. */
export function createRunPanel(onChange: (panel: RunPanel) => void) {
  let panel: RunPanel = { state: 'none' }
  const update = (next: RunPanel) => {
    panel = next
    onChange(panel)
  }
  const running = () => (panel.state === 'none' ? undefined : panel)
  return {
    current: () => panel,
    started: (scenario: string) => update({ state: 'starting', scenario, progress: null, campaigns: [], ended: null }),
    progress(progress: RunProgress) {
      const run = running()
      if (run) update({ ...run, state: run.state === 'ended' ? 'ended' : 'running', progress })
    },
    campaigns(stats: CampaignStats[]) {
      const run = running()
      if (run) update({ ...run, campaigns: stats.map(campaignFigures) })
    },
    ended(status: string, message: string) {
      const run = running()
      if (run) update({ ...run, state: 'ended', ended: { status, message } })
    },
  }
}

export type RunPanelControl = ReturnType<typeof createRunPanel>
