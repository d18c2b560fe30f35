/**
 * The one document a run writes (architecture.md "One run result"):
 * versioned, self-contained, the only input of reports. `pushsim run`
 * writes it as run-result.json beside the ledger; docs/run-result.schema.json
 * describes the same shape.
 */
export const RUN_RESULT_VERSION = 1

import type { CaseResult } from '../oracle/case.ts'

export type RunStatus = 'passed' | 'conformance-failed' | 'thresholds-failed' | 'deadline' | 'dispatcher-failed'

/** The oracle's verdicts over the run: every case, and the rule sets the scenario holds the dispatcher to. */
export interface ConformanceFigures {
  /** The scenario's `expectations.rules`: a failed case of these fails the run; the others are reported. */
  ruleSets: string[]
  passed: number
  failed: number
  /** Failed cases within the scenario's rule sets. */
  failedInRuleSets: number
  skipped: number
  cases: (CaseResult & { ruleSet: string | null })[]
}

export interface HistogramFigures {
  count: number
  min: number | null
  mean: number | null
  p50: number | null
  p90: number | null
  p95: number | null
  p99: number | null
  p999: number | null
  max: number | null
  /** HdrHistogram compressed base64 (hdr-histogram-js encodeIntoCompressedBase64), for re-analysis. */
  hdr: string
}

export interface DeliveryStates {
  pending: number
  attempting: number
  accepted: number
  bounced: number
  failed: number
  suppressed: number
  expired: number
}

export interface CampaignFigures {
  /** The dispatcher's campaign id. */
  id: string
  name: string
  kind: 'campaign' | 'transactional'
  /** Deliveries the dispatcher planned, by final state, as it reports them. */
  states: DeliveryStates
  planned: number
  /** The scenario's expectation from its shares (before anything ran). */
  expectedDeliveries: number
  /** The dispatcher's metrics in its campaign profile, and trends per period. */
  metrics: unknown
  trends: { day: unknown; week: unknown; month: unknown }
  /** Person-level statuses (§7), counted. */
  statuses: Record<string, number>
}

export interface PhaseFigures {
  name: string
  /** Virtual instant the phase started (ISO). */
  startedAt: string | null
  /** Why it did not run, when it did not. */
  skipped?: string
  executors: ExecutorFigures[]
}

/** What one executor did: arrivals taken in, messages the dispatcher planned, what it dropped or refused. */
export interface ExecutorFigures {
  executor: 'campaign' | 'constant-arrival-rate' | 'ramping-arrival-rate' | 'kill-dispatcher'
  /** The campaign or message it sent. */
  name: string
  /** Persons streamed (campaign) or arrivals (arrival rate). */
  arrivals: number
  /** Messages the dispatcher planned. */
  messages: number
  duplicates: number
  dropped: number
  /** Sends the dispatcher refused or never answered. */
  failed: number
  /** The first contract failure, as evidence. */
  error?: string
}

export interface ThresholdVerdict {
  source: string
  ok: boolean
  /** The measured value in the threshold's unit, null when nothing was measured. */
  actual: number | null
}

export interface RunResult {
  version: typeof RUN_RESULT_VERSION
  status: RunStatus
  /** Why the run ended as it did, in one sentence. */
  message: string
  scenario: { name: string; source: string; hash: string; seed: string }
  /** Wall instants the run started and ended, and how long it took. */
  wall: { startedAt: string; endedAt: string; durationMs: number }
  clock: { start: string; end: string; timeScale: number; segments: { wallMs: number; virtualMs: number; timeScale: number }[] }
  /** `settings`: what its /health declared (timeouts, retry limits, backoff, time scale), as it answered. */
  dispatcher: { url: string; mode: 'in-process' | 'child' | 'external'; capabilities: string[]; settings: unknown }
  /** What the scenario planned: the booked audience's counts, and `pushsim plan`'s summary (phases, faults, load, expected deliveries). */
  plan: { persons: number; devices: number; tokenStates: Record<string, number>; phases: number; expectedDeliveries: number; summary: unknown }
  phases: PhaseFigures[]
  campaigns: CampaignFigures[]
  /** Sums over every campaign and message, from the dispatcher's reported states. */
  counters: DeliveryStates & {
    planned: number
    /** Deliveries seen on the wire, and those a provider accepted (ground truth). */
    onWire: number
    acceptedOnWire: number
    /** Exchanges by wire outcome and status. */
    exchanges: Record<string, number>
    untrackedExchanges: number
    /** Accepted exchanges of a delivery already accepted: duplicate sends a device received. */
    acceptedAgainOnWire: number
    droppedIterations: number
    /** Deliveries accepted on the wire per second, from the first attempt to the last acceptance. */
    throughput: { acceptedPerSecond: number; acceptedPerWallSecond: number; firstAttemptAt: string | null; lastAcceptedAt: string | null }
    reports: { received: number; delivered: number; opened: number; converted: number; posted: number; duplicates: number; failed: number }
  }
  /** Virtual ms (attempts: a count). */
  histograms: Record<string, HistogramFigures>
  thresholds: ThresholdVerdict[]
  /** null when the oracle could not read the run (its reason is in `notes`). */
  conformance: ConformanceFigures | null
  /** Conformance rule sets the scenario names; the oracle fills their verdicts. */
  rules: string[]
  /** The ledger file (NDJSON, docs/ledger.md), relative to the run directory. */
  ledger: string
  /** Problems met on the way (skipped phases, contract failures), in order. */
  notes: string[]
}
