/**
 * `pushsim verify`, as a library: recomputes the oracle's verdicts offline
 * from a saved run directory. ORACLE_CASES is the registry: each entry
 * judges one family of rules from the run's data: the wire's (retries,
 * timeouts, delivery, classification), then person statuses and metric math.
 */
import type { CaseResult } from './case.ts'
import { loadRunData, readReport, type Loaded, type RunData } from './run-data.ts'
import { metricAndAggregationCases, metricAndAggregationJudges, metricAndAggregationSkipped } from './metrics/index.ts'
import { bucketsOf, LEDGER_BYTES_PER_BUCKET, wireCases, type LedgerReading, type LedgerTap } from './wire-cases.ts'
import { DEFAULT_INTERPRETATIONS, type Interpretations } from './interpretations.ts'
import { ruleCases } from './rules/index.ts'
import { connectTimeoutCases } from './connect-timeouts.ts'
import { deviceLastStatusCases } from './aggregation/device-last-status.ts'
import { WireCollector } from './aggregation/facts/wire-collector.ts'
import { campaignOf, NO_CAMPAIGN, ReportedCampaigns, type ReportedCampaign } from './aggregation/facts/read-run.ts'

/** `interpretations`: the readings of the law's open points the run is judged by (interpretations.ts). */
export type OracleCases = (data: RunData, interpretations: Interpretations) => Promise<CaseResult[]>

export const ORACLE_CASES: OracleCases[] = [wireAndMetricCases, ruleCases, connectTimeoutCases, deviceLastStatusCases]

/**
 * The wire cases, then person statuses and metric math, over one pass of
 * the ledger: the metric path takes what it needs from the wire fold
 * (wire-collector.ts: device lines as the ledger streams by, each bucket's
 * attempts as the fold's partition folds it), learns each campaign's
 * deliveries as the fold reads its report, and judges the campaigns one at
 * a time once every bucket is folded. A report the fold could not read
 * leaves the metric path to read the reports itself, as it would alone.
 */
async function wireAndMetricCases(data: RunData, interpretations: Interpretations, reading: LedgerReading = { bytesPerBucket: LEDGER_BYTES_PER_BUCKET }): Promise<CaseResult[]> {
  const collector = new WireCollector(bucketsOf(data.ledgerPath, reading.bytesPerBucket))
  const campaigns: number[] = []
  let reportsRead = 0
  const tap: LedgerTap = {
    attempt: (attempt) => collector.attempt(attempt),
    bucketDone: () => collector.bucketDone(),
    device: (entry) => collector.device(entry),
    deviceLines: collector,
    report(reportIndex, report) {
      reportsRead++
      // What campaignOf needs to make a campaign (it is made, and judged, once the buckets are folded).
      if (report.campaign === null || report.deliveries === null || report.messages === null) return
      campaigns.push(reportIndex)
      collector.want(reportIndex, (report.deliveries as { id: string }[]).map((delivery) => delivery.id))
    },
  }
  try {
    const wireResults = await wireCases(data, reading, interpretations, tap)
    const wire = collector.finish()
    if (reportsRead === 0 || reportsRead < data.reportPaths.length) return [...wireResults, ...(await metricAndAggregationCases(data.dir, interpretations, wire))]
    if (campaigns.length === 0) return [...wireResults, ...metricAndAggregationSkipped(NO_CAMPAIGN)]
    const judges = metricAndAggregationJudges(interpretations)
    const reported = new ReportedCampaigns(data.reportPaths, wire, (record) => judges.forEach((judge) => judge.add(record)))
    // Each report is read again, one at a time: holding every campaign's plan until the buckets are folded would hold them all.
    for (const reportIndex of campaigns) reported.addRead(reportIndex, () => campaignIn(data.reportPaths[reportIndex]!))
    return [...wireResults, ...judges.flatMap((judge) => judge.results())]
  } finally {
    collector.dispose()
  }
}

/** The campaign of a report file; the parsed report is let go before the campaign's facts are built (it holds far more). */
function campaignIn(path: string): ReportedCampaign | undefined {
  const read = readReport(path)
  return read.ok ? campaignOf(read.value) : undefined
}

/** The same cases with the ledger folded in buckets of `reading.bytesPerBucket`, read in a worker thread or not (a test shows each way judges alike). */
export const wireAndMetricCasesIn =
  (reading: LedgerReading): OracleCases =>
  (data, interpretations) =>
    wireAndMetricCases(data, interpretations, reading)

/** Every registered case over the run in `runDir`; an unreadable run directory is an error value. */
export async function verifyRun(runDir: string, cases: readonly OracleCases[] = ORACLE_CASES, interpretations: Interpretations = DEFAULT_INTERPRETATIONS): Promise<Loaded<CaseResult[]>> {
  const data = loadRunData(runDir)
  if (!data.ok) return data
  const results: CaseResult[] = []
  for (const judge of cases) results.push(...(await judge(data.value, interpretations)))
  return { ok: true, value: results }
}
