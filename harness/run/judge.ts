/**
 * The oracle's verdicts join the run result: every case over the run
 * directory, each with its rule set; a failed case of a rule set the
 * scenario names (`expectations.rules`) fails the run, the others are
 * reported. A run that did not settle, or lost its dispatcher, keeps that
 * status: its verdicts are evidence, not the verdict.
 */
import type { RunResult } from '../result/run-result.ts'
import { oracleCampaignFigures } from '../oracle/metrics/campaign-figures.ts'
import { ruleSetOf } from '../oracle/rule-sets.ts'
import { verifyRun } from '../oracle/verify.ts'
import { writeRunResult } from './result-file.ts'

export async function judgeRun(outDir: string, unjudgedRun: RunResult): Promise<RunResult> {
  // The oracle reads run-result.json (the clock's segments, the ledger's path).
  writeRunResult(outDir, unjudgedRun)
  const unjudged = await withOracleFigures(outDir, unjudgedRun)
  const verdicts = await verifyRun(outDir)
  if (!verdicts.ok) {
    const judged = { ...unjudged, conformance: null, notes: [...unjudged.notes, `the oracle could not read the run: ${verdicts.error}`] }
    writeRunResult(outDir, judged)
    return judged
  }
  const ruleSets = [...unjudged.rules]
  const cases = verdicts.value.map((result) => ({ ...result, ruleSet: ruleSetOf(result.id) ?? null }))
  const failing = cases.filter((result) => result.verdict === 'fail' && result.ruleSet !== null && ruleSets.includes(result.ruleSet))
  const count = (verdict: string) => cases.filter((result) => result.verdict === verdict).length
  const conformance = { ruleSets, passed: count('pass'), failed: count('fail'), failedInRuleSets: failing.length, skipped: count('skipped'), cases }
  const judgeable = unjudged.status === 'passed' || unjudged.status === 'thresholds-failed'
  const judged: RunResult =
    judgeable && failing.length > 0
      ? {
          ...unjudged,
          conformance,
          status: 'conformance-failed',
          message: `${failing.length} conformance case${failing.length === 1 ? '' : 's'} of ${ruleSets.join(', ')} failed (${failing.slice(0, 3).map((result) => result.id).join(', ')}${failing.length > 3 ? ', …' : ''})${unjudged.status === 'thresholds-failed' ? `; ${unjudged.message}` : '.'}`,
        }
      : { ...unjudged, conformance }
  writeRunResult(outDir, judged)
  return judged
}

/** Each campaign gets the oracle's figures beside the dispatcher's (and the dispatcher's per-variant figures), for the reports. */
async function withOracleFigures(outDir: string, result: RunResult): Promise<RunResult> {
  if (result.campaigns.length === 0) return result
  const read = await oracleCampaignFigures(outDir)
  const campaigns = result.campaigns.map((campaign) => {
    const compared = read.ok ? read.campaigns.get(campaign.id) : undefined
    return { ...campaign, variants: compared?.reportedVariants ?? {}, oracle: compared?.oracle ?? null }
  })
  return { ...result, campaigns }
}
