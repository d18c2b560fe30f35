/**
 * The one document a run writes (architecture.md "One run result"):
 * versioned, self-contained, the only input of reports. `pushsim run`
 * writes it as run-result.json beside the ledger; docs/run-result.schema.json
 * describes the same shape.
 */
export const RUN_RESULT_VERSION = 1

import type { CaseResult } from '../oracle/case.ts'

/** A conformance case's evidence, for the reporters (which read this file only). */
export type { Evidence } from '../oracle/case.ts'

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
  /** Under `pushsim conformance`, each case names the catalogue entries that judged it and what each said. */
  cases: (CaseResult & { ruleSet: string | null; entries?: CaseEntryVerdict[] })[]
  /** The readings of push-semantics.md's interpretations the verdicts were judged by (harness/oracle/interpretations.ts). */
  interpretations?: Record<string, string>
  /** `pushsim conformance --strict`: failures of strict cases (behaviour only recommended) fail the suite too. */
  strict?: boolean
  /** `pushsim conformance`: the catalogue entries, each a run of its own in its directory. */
  entries?: ConformanceEntry[]
}

/** What one catalogue entry said about one case. */
export interface CaseEntryVerdict {
  entry: string
  /** The entry's run directory (run-result.json, ledger). */
  runDir: string
  verdict: 'pass' | 'fail' | 'skipped'
  reason?: string
}

export interface ConformanceEntry {
  /** The scenario file's name: `codes-apns`. */
  id: string
  source: string
  runDir: string
  ruleSets: string[]
  /** Its run's status, or `skipped` when it could not run on this dispatcher (`reason`: PRECONDITION_FAILED …). */
  status: RunStatus | 'skipped'
  reason?: string
  wallMs: number
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
  /** The dispatcher's metrics per A/B variant, by variant id, as reported. */
  variants?: Record<string, unknown>
  /** The same figures recomputed by the oracle from the ground truth; null when it could not read the run. */
  oracle?: OracleCampaignFigures | null
}

/** A figure as a vendor's stats page shows it: a count, a rate in percent (null when unknown), or counts by key. */
export type FigureValue = number | null | Record<string, number>

export interface TrendPoint {
  /** The period's first day, YYYY-MM-DD (UTC). */
  period: string
  sent: number
  viewed: number
  clicked: number
}

/** Failed and bounced deliveries of one dashboard code on one channel, with the provider answers behind them. */
export interface ErrorRow {
  code: string
  /** The catalogue's label for the code (`Invalid APNS certificate`); absent for a code it does not know. */
  meaning?: string
  channel: string
  count: number
  /** Answers counted (`410 Unregistered`, `abandoned`); `none` when no exchange failed (a non-provider reason). */
  answers: Record<string, number>
}

/** One campaign's figures as the oracle recomputes them from the ground truth (harness/oracle/metrics). */
export interface OracleCampaignFigures {
  profile: 'webpush' | 'mobile' | 'person-status'
  /** The figures of the campaign's profile (§8), overall and per A/B variant. */
  overall: Record<string, FigureValue>
  variants: Record<string, Record<string, FigureValue>>
  trends: { day: TrendPoint[]; week: TrendPoint[]; month: TrendPoint[] }
  /** §7 person statuses of its messages, counted. */
  statuses: Record<string, number>
  impressionsByOs: Record<string, number>
  impressionsByDevice: Record<string, number>
  errors: ErrorRow[]
  /** The dispatcher's errors by code as it reported them, under the catalogue's names (an alias counts as its entry); null when its profile reports none. */
  reportedErrors: Record<string, number> | null
  /** Control-group uplift (§9): persons sent the message and those held out, how many converted, and the difference of their conversion rates in points (null when a side is empty). */
  uplift: { sentPersons: number; sentConverted: number; controlPersons: number; controlConverted: number; points: number | null }
  /**
   * Where the dispatcher's report differs from these, by §8's comparison (counts exact, rates within 0.005):
   * `overall.<figure>`, `variant.<id>.<figure>`, `trends.<period>.<YYYY-MM-DD>`, `statuses.<status>`.
   */
  differences: string[]
}

/** What the wire showed over time, for the performance section (harness/run/measure.ts). Durations are virtual ms. */
export interface WireSeries {
  /** Exchanges, acceptances and errors (not accepted) per bucket of virtual time; empty buckets left out. */
  throughput: { bucketMs: number; points: { at: string; exchanges: number; accepted: number; errors: number }[] }
  /** Deliveries by their number of attempts on the wire. */
  attempts: Record<string, number>
  /** The first retries: how long each waited after the answer before it, beside the Retry-After that answer declared (null: none). */
  retrySpacing: { total: number; samples: { channel: string; answer: string; retryAfterMs: number | null; spacingMs: number }[] }
  /** Exchanges the client abandoned before an answer, per channel: the first waits, beside the read timeout it declared (or §2's). */
  timeouts: { channel: string; declaredMs: number; source: 'table' | 'declared'; total: number; waitedMs: number[] }[]
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
  /** Series over the run for the performance section; absent in results written before it existed. */
  wire?: WireSeries
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
