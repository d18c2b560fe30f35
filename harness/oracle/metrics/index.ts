/**
 * The oracle's aggregation and metric-math cases over one run directory
 * (issue 11 §1): ground-truth facts per campaign, then §7 statuses, §8
 * figures per profile and variant, and trends. A run without what they
 * need gives every case skipped with the reason.
 */
import { aggregationCases, aggregationJudge } from '../aggregation/cases.ts'
import type { CampaignJudge } from '../aggregation/campaign-judge.ts'
import type { WireSource } from '../aggregation/facts/wire-index.ts'
import { visitCampaignRecords } from '../aggregation/facts/read-run.ts'
import type { CaseResult } from '../case.ts'
import { DEFAULT_INTERPRETATIONS, type Interpretations } from '../interpretations.ts'
import { profileCases, profileJudge } from './profile-cases.ts'
import { trendCases, trendJudge } from './trend-cases.ts'

export { profileCases, trendCases }

export async function metricCases(runDir: string): Promise<CaseResult[]> {
  return judgeCampaigns(runDir, [profileJudge(), trendJudge()], (reason) => skipAll([...profileCases([]), ...trendCases([])], reason))
}

/** `wire`: the ledger as the wire cases' pass gathered it (verify.ts), so it is not read again. */
export async function metricAndAggregationCases(runDir: string, interpretations: Interpretations = DEFAULT_INTERPRETATIONS, wire?: WireSource): Promise<CaseResult[]> {
  return judgeCampaigns(runDir, metricAndAggregationJudges(interpretations), metricAndAggregationSkipped, wire)
}

/** The judges of metricAndAggregationCases, for a caller that feeds them campaigns itself (verify.ts). */
export const metricAndAggregationJudges = (interpretations: Interpretations): CampaignJudge[] => [aggregationJudge(interpretations), profileJudge(interpretations), trendJudge()]

/** Every case of metricAndAggregationCases, skipped for `reason`. */
export const metricAndAggregationSkipped = (reason: string): CaseResult[] => skipAll([...aggregationCases([]), ...profileCases([]), ...trendCases([])], reason)

/** Every campaign through the judges, one at a time; `skipped` gives the cases skipped when the run has none to judge. */
async function judgeCampaigns(runDir: string, judges: readonly CampaignJudge[], skipped: (reason: string) => CaseResult[], wire?: WireSource): Promise<CaseResult[]> {
  const read = await visitCampaignRecords(runDir, (record) => judges.forEach((judge) => judge.add(record)), wire)
  if (!read.ok) return skipped(read.reason)
  return judges.flatMap((judge) => judge.results())
}

const skipAll = (cases: CaseResult[], reason: string): CaseResult[] => cases.map((result) => ({ ...result, verdict: 'skipped', reason }))
