/**
 * End to end: the quickstart scenario against the reference dispatcher,
 * then the aggregation and metric cases over its run directory — none fails,
 * and the ones the run exercises pass.
 */
import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadScenario } from '../../../scenarios/load.ts'
import { runScenario, writeRunResult } from '../../run/run.ts'
import type { CaseResult } from '../case.ts'
import { metricAndAggregationCases } from './index.ts'
import { tempDir } from '../../../test/support/temp-dir.ts'

const SCENARIO = 'scenarios/library/quickstart.scenario.ts'

describe('aggregation and metric cases over a quickstart run', () => {
  let cases: CaseResult[]
  beforeAll(async () => {
    const loaded = await loadScenario(SCENARIO, { timeScale: 0.05 })
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems))
    const dir = tempDir('pushsim-oracle-metrics-')
    const result = await runScenario({ plan: loaded.plan, source: SCENARIO, sourceText: readFileSync(SCENARIO, 'utf8'), outDir: dir, dispatcher: { mode: 'in-process' }, wallLimitMs: 120_000 })
    writeRunResult(dir, result)
    cases = await metricAndAggregationCases(dir)
  }, 180_000)

  it('no case fails', () => {
    expect(cases.filter((result) => result.verdict === 'fail').map((result) => `${result.id}: ${result.reason}`)).toEqual([])
  })

  it('the campaign (mobile, all devices) and the transactional message (person-status, last device) are checked', () => {
    const verdict = (id: string) => cases.find((result) => result.id === id)?.verdict
    for (const id of ['aggregation.person-status.all-devices', 'aggregation.person-status.last-device', 'metrics.mobile.ctr', 'metrics.mobile.viewThroughConversion', 'metrics.person-status.byStatus', 'metrics.trends.day', 'metrics.trends.week', 'metrics.trends.month']) expect([id, verdict(id)]).toEqual([id, 'pass'])
    expect(cases.filter((result) => result.id.startsWith('metrics.web.')).every((result) => result.verdict === 'skipped')).toBe(true)
  })
})
