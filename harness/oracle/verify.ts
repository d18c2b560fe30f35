/**
 * `pushsim verify`, as a library: recomputes the oracle's verdicts offline
 * from a saved run directory. ORACLE_CASES is the registry: each entry
 * judges one family of rules from the run's data: the wire's (retries,
 * timeouts, delivery, classification), then person statuses and metric math.
 */
import type { CaseResult } from './case.ts'
import { loadRunData, type Loaded, type RunData } from './run-data.ts'
import { metricAndAggregationCases } from './metrics/index.ts'
import { LEDGER_BYTES_PER_BUCKET, wireCases } from './wire-cases.ts'
import { DEFAULT_INTERPRETATIONS, type Interpretations } from './interpretations.ts'
import { ruleCases } from './rules/index.ts'
import { connectTimeoutCases } from './connect-timeouts.ts'
import { WireCollector } from './aggregation/facts/wire-collector.ts'

/** `interpretations`: the readings of the law's open points the run is judged by (interpretations.ts). */
export type OracleCases = (data: RunData, interpretations: Interpretations) => Promise<CaseResult[]>

export const ORACLE_CASES: OracleCases[] = [wireAndMetricCases, ruleCases, connectTimeoutCases]

/** The wire cases, then person statuses and metric math, over one pass of the ledger: the metric path takes what it needs as the wire fold streams by. */
async function wireAndMetricCases(data: RunData, interpretations: Interpretations): Promise<CaseResult[]> {
  const wire = new WireCollector()
  const wireResults = await wireCases(data, LEDGER_BYTES_PER_BUCKET, interpretations, wire)
  return [...wireResults, ...(await metricAndAggregationCases(data.dir, interpretations, wire.read()))]
}

/** Every registered case over the run in `runDir`; an unreadable run directory is an error value. */
export async function verifyRun(runDir: string, cases: readonly OracleCases[] = ORACLE_CASES, interpretations: Interpretations = DEFAULT_INTERPRETATIONS): Promise<Loaded<CaseResult[]>> {
  const data = loadRunData(runDir)
  if (!data.ok) return data
  const results: CaseResult[] = []
  for (const judge of cases) results.push(...(await judge(data.value, interpretations)))
  return { ok: true, value: results }
}
