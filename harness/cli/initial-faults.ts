import { resolve } from 'node:path'
import { findEntry } from '../../simulators/catalogue/index.ts'
import { loadPlanFile } from '../../simulators/faults/plan/load.ts'
import { parseShorthand } from '../../simulators/faults/plan/shorthand.ts'
import type { PlanProblem } from '../../simulators/faults/spec.ts'
import { usageError } from './exit-codes.ts'

export interface InitialFaults {
  faults: unknown[]
  seed?: string
  timeScale?: number
}

/**
 * The faults `serve` starts with: a plan file, then `--fault` shorthands.
 * Every problem of both is reported at once, with its path, and exits 2.
 */
export async function initialFaults(file: string | undefined, shorthands: readonly string[]): Promise<InitialFaults> {
  const problems: PlanProblem[] = []
  const result: InitialFaults = { faults: [] }
  if (file !== undefined) {
    const loaded = await loadPlanFile(resolve(file), { knownCodes: (name) => findEntry(name) !== undefined })
    if (loaded.ok) {
      result.faults.push(...loaded.faults)
      if (loaded.seed !== undefined) result.seed = loaded.seed
      if (loaded.timeScale !== undefined) result.timeScale = loaded.timeScale
    } else problems.push(...loaded.problems.map((problem) => ({ ...problem, path: `${file}${problem.path ? `: ${problem.path}` : ''}` })))
  }
  shorthands.forEach((text, index) => {
    const parsed = parseShorthand(text, index, { knownCodes: (name) => findEntry(name) !== undefined })
    if (parsed.ok) result.faults.push(parsed.fault)
    else problems.push(...parsed.problems)
  })
  if (problems.length > 0) throw usageError(`Failed to read the faults:\n${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`)
  return result
}
