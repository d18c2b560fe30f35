/**
 * The conformance catalogue: every scenario file in scenarios/conformance/,
 * found by listing the directory (so entries are added by adding files),
 * each loaded into a plan. An entry is judged on the rule sets it names
 * (`expectations.rules`); one with a kill-dispatcher executor needs a
 * dispatcher pushsim can kill -9 and restart.
 */
import { readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadScenario } from '../../scenarios/load.ts'
import type { ScenarioPlan } from '../../scenarios/plan-types.ts'
import type { Parsed } from './interpretation-flags.ts'

export const CATALOGUE_DIR = resolve(fileURLToPath(new URL('../../scenarios/conformance', import.meta.url)))

const SCENARIO_FILE = /\.scenario\.(ya?ml|json|ts)$/

export interface CatalogueEntry {
  /** The file's name without `.scenario.*`: `codes-apns`. */
  id: string
  path: string
  plan: ScenarioPlan
  ruleSets: readonly string[]
  /** It kills the dispatcher mid-run: only a dispatcher pushsim starts as a child can take it. */
  needsRestart: boolean
  /**
   * It has the provider hang or stall connects, and its verdicts compare the
   * dispatcher's timeouts with their values to within about 100 wall ms: it
   * runs alone, its dispatcher in a process of its own, so other entries'
   * work cannot stretch its timers.
   */
  timingSensitive: boolean
}

const TIMED_FAULTS: readonly string[] = ['hang', 'slow-connect']

export async function loadCatalogue(dir: string = CATALOGUE_DIR): Promise<Parsed<CatalogueEntry[]>> {
  let files: string[]
  try {
    files = readdirSync(dir).filter((name) => SCENARIO_FILE.test(name)).sort()
  } catch (error) {
    return { ok: false, error: `Failed to list the conformance catalogue ${dir}: ${(error as Error).message}` }
  }
  const entries: CatalogueEntry[] = []
  for (const file of files) {
    const path = join(dir, file)
    const loaded = await loadScenario(path)
    if (!loaded.ok) return { ok: false, error: `conformance entry ${file} does not load: ${loaded.problems.map((found) => `${found.path}: ${found.message}`).join('; ')}` }
    const needsRestart = loaded.plan.phases.some((phase) => phase.executors.some((executor) => executor.executor === 'kill-dispatcher'))
    const timingSensitive = loaded.plan.faults.faults.some((fault) => TIMED_FAULTS.includes(fault.type))
    entries.push({ id: file.replace(SCENARIO_FILE, ''), path, plan: loaded.plan, ruleSets: loaded.plan.expectations.rules, needsRestart, timingSensitive })
  }
  return { ok: true, value: entries }
}
