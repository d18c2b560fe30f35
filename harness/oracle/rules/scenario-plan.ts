/**
 * The scenario's plan, which the rule cases read as data (who the persons
 * are, what each campaign's rules were). The oracle cannot load a scenario
 * itself (that runs the scenario's code, outside its import boundary), so
 * the CLI gives it a loader; the run's file must still be the one that ran
 * (its sha-256 is in run-result.json), else the rules are not judged.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { ScenarioPlan } from '../../../scenarios/plan-types.ts'
import type { RunResult } from '../../result/run-result.ts'

export type PlanLoader = (source: string, seed: string) => Promise<{ ok: true; plan: ScenarioPlan } | { ok: false; problems: readonly { path: string; message: string }[] }>

let loader: PlanLoader | undefined

/** Called once by the CLI's entry point (harness/cli/main.ts). */
export function providePlanLoader(load: PlanLoader): void {
  loader = load
}

export type PlanRead = { ok: true; plan: ScenarioPlan } | { ok: false; reason: string }

export async function scenarioPlanOf(result: RunResult): Promise<PlanRead> {
  if (loader === undefined) return { ok: false, reason: 'no scenario loader was given to the oracle (it runs inside pushsim)' }
  const { source, hash, seed } = result.scenario
  let text: string
  try {
    text = readFileSync(source, 'utf8')
  } catch {
    return { ok: false, reason: `the scenario file ${source} the run names cannot be read` }
  }
  if (createHash('sha256').update(text).digest('hex') !== hash) return { ok: false, reason: `the scenario file ${source} changed since the run (its sha-256 differs)` }
  const loaded = await loader(source, seed)
  if (!loaded.ok) return { ok: false, reason: `the scenario ${source} no longer loads: ${loaded.problems[0]?.message ?? 'unknown problem'}` }
  return { ok: true, plan: loaded.plan }
}
