/**
 * The wire rules of issue 11 §1 (retries, timeouts, delivery,
 * classification), judged in one pass over the run's ground truth.
 */
import { statSync } from 'node:fs'
import type { CaseResult } from './case.ts'
import { backoffCase } from './cases/backoff-grows.ts'
import { credentialRefreshCases } from './cases/credential-refresh.ts'
import { dashboardCodeCase } from './cases/dashboard-code.ts'
import { noDuplicateAcceptCase } from './cases/no-duplicate-accept.ts'
import { noSendToSuppressedCase } from './cases/no-send-to-suppressed.ts'
import { readTimeoutCases } from './cases/read-timeout.ts'
import { retryAfterCase } from './cases/retry-after-honoured.ts'
import { retryLimitCases } from './cases/retry-limit.ts'
import { retryNoneAfterCases } from './cases/retry-none-after.ts'
import { sendDeadlineCases } from './cases/send-deadlines.ts'
import { channelLimits } from './channel-policy.ts'
import type { DeviceEntry } from '../../simulators/ledger/device-entry.ts'
import { exchangeBatchesOf, foldTruth, type ExchangeSource, type ReportBatch, type TruthObserver } from './ground-truth.ts'
import type { CaseFactory, CampaignTimeRules, OracleContext } from './oracle-context.ts'
import { DEFAULT_INTERPRETATIONS, type Interpretations } from './interpretations.ts'
import { foldTruthPartitioned } from './partition.ts'
import { exchangeBatchesInWorker, type DeviceLineSink } from './ledger-reader/worker-batches.ts'
import { readReport, type RunData } from './run-data.ts'
import type { DispatcherReport } from '../run/collect.ts'

export const WIRE_CASES: readonly CaseFactory[] = [retryLimitCases, retryNoneAfterCases, retryAfterCase, backoffCase, readTimeoutCases, noDuplicateAcceptCase, sendDeadlineCases, noSendToSuppressedCase, dashboardCodeCase, credentialRefreshCases]

/**
 * Ledger bytes per bucket of the partitioned fold: about 250,000 exchanges
 * (a few hundred bytes a line), whose summaries take some 100 MB. A smaller
 * ledger is folded in memory in one go.
 */
export const LEDGER_BYTES_PER_BUCKET = 128 * 1024 * 1024

/** A ledger this large is read in a worker thread (ledger-reader/): below it, starting the worker costs more than it saves. */
export const WORKER_READS_FROM_BYTES = 16 * 1024 * 1024

/** Runs the given cases over exchanges and reports: the run's files, or hand-built ones in tests; `buckets` > 1 partitions the fold; `tap` sees every exchange too. */
export async function judgeWire(exchanges: ExchangeSource, reports: Iterable<ReportBatch>, ctx: OracleContext, factories: readonly CaseFactory[] = WIRE_CASES, buckets = 1, tap?: LedgerTap): Promise<CaseResult[]> {
  const runs = factories.map((factory) => factory(ctx))
  const observers: TruthObserver[] = tap === undefined ? runs : [...runs, tap]
  if (buckets > 1) await foldTruthPartitioned(exchanges, noteRules(reports, ctx), observers, buckets)
  else await foldTruth(exchanges, noteRules(reports, ctx), observers)
  return runs.flatMap((run) => run.results())
}

/** Another reader of the same pass (verify.ts's metric path): what a TruthObserver sees, every device line, then each report that parses, by its index in RunData.reportPaths, once the ledger has been read. */
export interface LedgerTap extends TruthObserver {
  device(entry: DeviceEntry): void
  /** The same device lines as `device` sees, encoded by deviceSpillLine: a tap that takes these lets a large ledger be read in a worker thread. */
  deviceLines?: DeviceLineSink
  report?(reportIndex: number, report: DispatcherReport): void
}

/** How many buckets the fold of the ledger at `ledgerPath` is partitioned in (one: folded in memory). */
export const bucketsOf = (ledgerPath: string, bytesPerBucket = LEDGER_BYTES_PER_BUCKET): number => Math.max(1, Math.ceil(statSync(ledgerPath).size / bytesPerBucket))

/** How a pass reads the ledger: its bucket size, and whether in a worker thread (by default, from WORKER_READS_FROM_BYTES on). */
export interface LedgerReading {
  bytesPerBucket: number
  inWorker?: boolean
}

export async function wireCases(data: RunData, reading: LedgerReading = { bytesPerBucket: LEDGER_BYTES_PER_BUCKET }, interpretations: Interpretations = DEFAULT_INTERPRETATIONS, tap?: LedgerTap): Promise<CaseResult[]> {
  const ctx: OracleContext = { limits: channelLimits(data.result.dispatcher?.settings), capabilities: data.result.dispatcher?.capabilities ?? [], campaigns: new Map(), reportsListDeliveries: false, interpretations }
  const { segments } = data.result.clock
  const inWorker = (reading.inWorker ?? statSync(data.ledgerPath).size >= WORKER_READS_FROM_BYTES) && (tap === undefined || tap.deviceLines !== undefined)
  const batches = inWorker ? exchangeBatchesInWorker(data, segments, () => {}, tap?.deviceLines) : exchangeBatchesOf(data, segments, () => {}, tap === undefined ? undefined : (entry) => tap.device(entry))
  return judgeWire({ batches }, reportBatches(data, tap), ctx, WIRE_CASES, bucketsOf(data.ledgerPath, reading.bytesPerBucket), tap)
}

/** Each campaign's report in turn, one file in memory at a time. */
function* reportBatches(data: RunData, tap?: LedgerTap): Generator<ReportBatch & { rules: CampaignTimeRules }> {
  for (const [reportIndex, path] of data.reportPaths.entries()) {
    const read = readReport(path)
    if (!read.ok) continue
    const report = read.value
    tap?.report?.(reportIndex, report)
    const rules = (report.campaign as { rules?: { ttlSeconds?: unknown; cutoffAt?: unknown } } | null)?.rules
    yield {
      campaignId: report.campaignId,
      rules: { ...(typeof rules?.ttlSeconds === 'number' ? { ttlSeconds: rules.ttlSeconds } : {}), ...(typeof rules?.cutoffAt === 'number' ? { cutoffAt: rules.cutoffAt } : {}) },
      deliveries: Array.isArray(report.deliveries) ? (report.deliveries as ReportBatch['deliveries']) : null,
    }
  }
}

/** Records each campaign's time rules, and whether deliveries were listed, as the batches pass. */
function* noteRules(reports: Iterable<ReportBatch & { rules?: CampaignTimeRules }>, ctx: OracleContext): Generator<ReportBatch> {
  for (const batch of reports) {
    if (batch.rules !== undefined) ctx.campaigns.set(batch.campaignId, batch.rules)
    if (batch.deliveries !== null) ctx.reportsListDeliveries = true
    yield batch
  }
}
