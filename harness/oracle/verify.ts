/**
 * `pushsim verify`, as a library: recomputes the oracle's verdicts offline
 * from a saved run directory. ORACLE_CASES is the registry: each entry
 * judges one family of rules from the run's data: the wire's (retries,
 * timeouts, delivery, classification), then person statuses and metric math.
 */
import type { CaseResult } from './case.ts'
import { loadRunData, readReport, type Loaded, type RunData } from './run-data.ts'
import { metricAndAggregationCases, metricAndAggregationJudges, metricAndAggregationSkipped } from './metrics/index.ts'
import { LEDGER_BYTES_PER_BUCKET, wireCases, type LedgerTap } from './wire-cases.ts'
import { DEFAULT_INTERPRETATIONS, type Interpretations } from './interpretations.ts'
import { ruleCases } from './rules/index.ts'
import { connectTimeoutCases } from './connect-timeouts.ts'
import { deviceLastStatusCases } from './aggregation/device-last-status.ts'
import { bucketsFor, WireCollector } from './aggregation/facts/wire-collector.ts'
import { campaignOf, NO_CAMPAIGN, ReportedCampaigns } from './aggregation/facts/read-run.ts'

/** `interpretations`: the readings of the law's open points the run is judged by (interpretations.ts). */
export type OracleCases = (data: RunData, interpretations: Interpretations) => Promise<CaseResult[]>

export const ORACLE_CASES: OracleCases[] = [wireAndMetricCases, ruleCases, connectTimeoutCases, deviceLastStatusCases]

/**
 * The wire cases, then person statuses and metric math, over one pass of
 * the ledger: the metric path takes what it needs as the wire fold streams
 * by (spilled by delivery, wire-collector.ts), learns each campaign's
 * deliveries as the fold reads its report, and judges the campaigns one at
 * a time once every bucket is folded. A report the fold could not read
 * leaves the metric path to read the reports itself, as it would alone.
 */
async function wireAndMetricCases(data: RunData, interpretations: Interpretations): Promise<CaseResult[]> {
  const collector = new WireCollector(bucketsFor(data.ledgerPath))
  const campaigns: number[] = []
  let reportsRead = 0
  const tap: LedgerTap = {
    exchange: (exchange) => collector.exchange(exchange),
    device: (entry) => collector.device(entry),
    report(reportIndex, report) {
      reportsRead++
      const campaign = campaignOf(report)
      if (campaign === undefined) return
      campaigns.push(reportIndex)
      collector.want(reportIndex, campaign.plan.deliveries.map((delivery) => delivery.id))
    },
  }
  const wireResults = await wireCases(data, LEDGER_BYTES_PER_BUCKET, interpretations, tap)
  const wire = collector.finish()
  try {
    if (reportsRead === 0 || reportsRead < data.reportPaths.length) return [...wireResults, ...(await metricAndAggregationCases(data.dir, interpretations, wire))]
    if (campaigns.length === 0) return [...wireResults, ...metricAndAggregationSkipped(NO_CAMPAIGN)]
    const judges = metricAndAggregationJudges(interpretations)
    const reported = new ReportedCampaigns(data.reportPaths, wire, (record) => judges.forEach((judge) => judge.add(record)))
    // Each report is read again, one at a time: holding every campaign's plan until the buckets are folded would hold them all.
    for (const reportIndex of campaigns) {
      const read = readReport(data.reportPaths[reportIndex]!)
      const campaign = read.ok ? campaignOf(read.value) : undefined
      if (campaign !== undefined) reported.add(reportIndex, campaign)
    }
    return [...wireResults, ...judges.flatMap((judge) => judge.results())]
  } finally {
    wire.dispose()
  }
}

/** Every registered case over the run in `runDir`; an unreadable run directory is an error value. */
export async function verifyRun(runDir: string, cases: readonly OracleCases[] = ORACLE_CASES, interpretations: Interpretations = DEFAULT_INTERPRETATIONS): Promise<Loaded<CaseResult[]>> {
  const data = loadRunData(runDir)
  if (!data.ok) return data
  const results: CaseResult[] = []
  for (const judge of cases) results.push(...(await judge(data.value, interpretations)))
  return { ok: true, value: results }
}
