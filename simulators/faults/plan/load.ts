/**
 * Reads a plan file (`pushsim serve --faults plan.json|yaml|ts`) and
 * validates it. A `.ts`/`.js` plan default-exports a plan, or a function
 * (possibly async) returning one. A file that is missing, unparsable or of
 * another kind is one problem with path ''.
 */
import { readDataFile } from '../../kernel/data-file.ts'
import type { PlanResult, ValidateOptions } from './types.ts'
import { validatePlan } from './validate.ts'

export async function loadPlanFile(path: string, options: ValidateOptions): Promise<PlanResult> {
  const loaded = await readDataFile(path, 'a .json, .yaml, .yml or .ts plan')
  if (!loaded.ok) return { ok: false, problems: [{ path: '', message: loaded.message }] }
  return validatePlan(loaded.value, options)
}
