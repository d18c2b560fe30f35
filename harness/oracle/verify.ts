/**
 * `pushsim verify`, as a library: recomputes the oracle's verdicts offline
 * from a saved run directory. ORACLE_CASES is the registry: each entry
 * judges one family of rules from the run's data: the wire's (retries,
 * timeouts, delivery, classification), then person statuses and metric math.
 */
import type { CaseResult } from './case.ts'
import { loadRunData, type Loaded, type RunData } from './run-data.ts'
import { metricAndAggregationCases, metricAndAggregationJudges, metricAndAggregationSkipped } from './metrics/index.ts'
import { LEDGER_BYTES_PER_BUCKET, wireCases, type LedgerTap } from './wire-cases.ts'
import { DEFAULT_INTERPRETATIONS, type Interpretations } from './interpretations.ts'
import { ruleCases } from './rules/index.ts'
import { connectTimeoutCases } from './connect-timeouts.ts'
import { deviceLastStatusCases } from './aggregation/device-last-status.ts'
import { WireCollector } from './aggregation/facts/wire-collector.ts'
import type { WireIndex } from './aggregation/facts/wire-index.ts'
import { campaignOf, NO_CAMPAIGN, ReportedCampaigns } from './aggregation/facts/read-run.ts'

/** `interpretations`: the readings of the law's open points the run is judged by (interpretations.ts). */
export type OracleCases = (data: RunData, interpretations: Interpretations) => Promise<CaseResult[]>

export const ORACLE_CASES: OracleCases[] = [wireAndMetricCases, ruleCases, connectTimeoutCases, deviceLastStatusCases]

/**
 * The wire cases, then person statuses and metric math, over one pass of
 * the ledger and one parse of each report: the metric path takes what it
 * needs as the wire fold streams by, and judges each campaign as the fold
 * reads its report. A report the fold could not read leaves the metric
 * path to read the reports itself, as it would alone.
 */
async function wireAndMetricCases(data: RunData, interpretations: Interpretations): Promise<CaseResult[]> {
  const collector = new WireCollector()
  let index: WireIndex | undefined
  const judges = metricAndAggregationJudges(interpretations)
  let campaigns: ReportedCampaigns | undefined
  let reportsRead = 0
  const tap: LedgerTap = {
    exchange: (exchange) => collector.exchange(exchange),
    device: (entry) => collector.device(entry),
    report(reportIndex, report) {
      reportsRead++
      const campaign = campaignOf(report)
      if (campaign === undefined) return
      index ??= collector.read()
      campaigns ??= new ReportedCampaigns(data.reportPaths, index, (record) => judges.forEach((judge) => judge.add(record)))
      campaigns.add(reportIndex, campaign)
    },
  }
  const wireResults = await wireCases(data, LEDGER_BYTES_PER_BUCKET, interpretations, tap)
  if (reportsRead === 0 || reportsRead < data.reportPaths.length) return [...wireResults, ...(await metricAndAggregationCases(data.dir, interpretations, (index ??= collector.read())))]
  return [...wireResults, ...(campaigns === undefined ? metricAndAggregationSkipped(NO_CAMPAIGN) : judges.flatMap((judge) => judge.results()))]
}

/** Every registered case over the run in `runDir`; an unreadable run directory is an error value. */
export async function verifyRun(runDir: string, cases: readonly OracleCases[] = ORACLE_CASES, interpretations: Interpretations = DEFAULT_INTERPRETATIONS): Promise<Loaded<CaseResult[]>> {
  const data = loadRunData(runDir)
  if (!data.ok) return data
  const results: CaseResult[] = []
  for (const judge of cases) results.push(...(await judge(data.value, interpretations)))
  return { ok: true, value: results }
}
