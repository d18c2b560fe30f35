/**
 * One run of a scenario against the reference dispatcher or a broken one
 * (breakages.ts), and the oracle's verdicts over its run directory. The
 * dispatcher runs in this process, or — for a scenario whose
 * kill-dispatcher executor kills -9 and restarts it — as the run's child.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { CaseResult } from '../../harness/oracle/case.ts'
import { providePlanLoader } from '../../harness/oracle/rules/scenario-plan.ts'
import { verifyRun } from '../../harness/oracle/verify.ts'
import type { RunResult } from '../../harness/result/run-result.ts'
import { runScenario, writeRunResult } from '../../harness/run/run.ts'
import { loadScenario } from '../../scenarios/load.ts'
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
  /** The raw scenario of `plan`: the run then names a file of it, which the oracle's rule cases read (else they are skipped). */
  scenario?: Record<string, unknown>
}

export async function judgedRun({ plan, breakage, child = false, wallLimitMs, scenario }: RunPlan): Promise<JudgedRun> {
  const name = `${plan.name}-${breakage ?? 'reference'}`
  const dir = mkdtempSync(join(tmpdir(), `oracle-${name}-`))
  const common = { plan, ...sourceOf(dir, name, scenario), outDir: dir, wallLimitMs }
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

/** As the CLI does (harness/cli/main.ts): the oracle cannot load a scenario itself. */
function sourceOf(dir: string, name: string, scenario: Record<string, unknown> | undefined): { source: string; sourceText: string } {
  if (scenario === undefined) return { source: 'inline', sourceText: name }
  providePlanLoader((source, seed) => loadScenario(source, { seed }))
  const source = join(dir, 'scenario.json')
  const sourceText = JSON.stringify(scenario)
  writeFileSync(source, sourceText)
  return { source, sourceText }
}

export const failedIds = (cases: readonly CaseResult[]): string[] => cases.filter((result) => result.verdict === 'fail').map((result) => result.id)
export const verdictOf = (cases: readonly CaseResult[], id: string): string | undefined => cases.find((result) => result.id === id)?.verdict
