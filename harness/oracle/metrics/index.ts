/**
 * The oracle's aggregation and metric-math cases over one run directory
 * (issue 11 §1): ground-truth facts per campaign, then §7 statuses, §8
 * figures per profile and variant, and trends. A run without what they
 * need gives every case skipped with the reason.
 */
import { aggregationCases } from '../aggregation/cases.ts'
import { readCampaignRecords } from '../aggregation/facts/read-run.ts'
import type { CaseResult } from '../case.ts'
import { DEFAULT_INTERPRETATIONS, type Interpretations } from '../interpretations.ts'
import { profileCases } from './profile-cases.ts'
import { trendCases } from './trend-cases.ts'

export { profileCases, trendCases }

export async function metricCases(runDir: string): Promise<CaseResult[]> {
  const read = await readCampaignRecords(runDir)
  if (!read.ok) return skipAll([...profileCases([]), ...trendCases([])], read.reason)
  return [...profileCases(read.campaigns), ...trendCases(read.campaigns)]
}

export async function metricAndAggregationCases(runDir: string, interpretations: Interpretations = DEFAULT_INTERPRETATIONS): Promise<CaseResult[]> {
  const read = await readCampaignRecords(runDir)
  if (!read.ok) return skipAll([...aggregationCases([]), ...profileCases([]), ...trendCases([])], read.reason)
  return [...aggregationCases(read.campaigns, interpretations), ...profileCases(read.campaigns, interpretations), ...trendCases(read.campaigns)]
}

const skipAll = (cases: CaseResult[], reason: string): CaseResult[] => cases.map((result) => ({ ...result, verdict: 'skipped', reason }))
