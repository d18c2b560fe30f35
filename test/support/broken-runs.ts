/**
 * One run of a scenario against the reference dispatcher or a broken one
 * (breakages.ts), and the oracle's verdicts over its run directory. The
 * dispatcher runs in this process, or — for a scenario whose
 * kill-dispatcher executor kills -9 and restarts it — as the run's child.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { CaseResult } from '../../harness/oracle/case.ts'
import { verifyRun } from '../../harness/oracle/verify.ts'
import type { RunResult } from '../../harness/result/run-result.ts'
import { runScenario, writeRunResult } from '../../harness/run/run.ts'
import type { ScenarioPlan } from '../../scenarios/plan-types.ts'
import type { Breakage } from './breakages.ts'
import { simulatorPorts, startBrokenDispatcher } from './broken-dispatcher.ts'

const BROKEN_CHILD = fileURLToPath(new URL('./broken-dispatcher-child.ts', import.meta.url))

export interface JudgedRun {
  dir: string
  result: RunResult
  cases: CaseResult[]
}

export interface RunPlan {
  plan: ScenarioPlan
  /** Absent: the reference dispatcher. */
  breakage?: Breakage
  /** The dispatcher as the run's child process. */
  child?: boolean
  wallLimitMs: number
}

export async function judgedRun({ plan, breakage, child = false, wallLimitMs }: RunPlan): Promise<JudgedRun> {
  const name = `${plan.name}-${breakage ?? 'reference'}`
  const dir = mkdtempSync(join(tmpdir(), `oracle-${name}-`))
  const common = { plan, source: 'inline', sourceText: name, outDir: dir, wallLimitMs }
  let result: RunResult
  if (child) {
    // The child inherits the environment: the breakage travels in it, to the restarted process too.
    if (breakage !== undefined) process.env.PUSHSIM_TEST_BREAKAGE = breakage
    try {
      result = await runScenario({ ...common, dispatcher: breakage === undefined ? { mode: 'child' } : { mode: 'child', entry: BROKEN_CHILD } })
    } finally {
      delete process.env.PUSHSIM_TEST_BREAKAGE
    }
  } else if (breakage === undefined) {
    result = await runScenario({ ...common, dispatcher: { mode: 'in-process' } })
  } else {
    const stateDir = join(dir, 'simulators')
    const { ports, providers } = await simulatorPorts(stateDir, plan.seed)
    const broken = await startBrokenDispatcher(breakage, { database: join(dir, 'dispatcher.db'), seed: plan.seed, providers, http: { host: '127.0.0.1', port: 0 } })
    try {
      result = await runScenario({ ...common, dispatcher: { mode: 'external', url: broken.server.url }, ports, stateDir })
    } finally {
      await broken.close()
    }
  }
  writeRunResult(dir, result)
  const verified = await verifyRun(dir)
  if (!verified.ok) throw new Error(verified.error)
  return { dir, result, cases: verified.value }
}

export const failedIds = (cases: readonly CaseResult[]): string[] => cases.filter((result) => result.verdict === 'fail').map((result) => result.id)
export const verdictOf = (cases: readonly CaseResult[], id: string): string | undefined => cases.find((result) => result.id === id)?.verdict
