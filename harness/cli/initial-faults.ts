import { resolve } from 'node:path'
import { loadPlanFile } from '../../simulators/faults/plan/load.ts'
import type { PlanProblem } from '../../simulators/faults/spec.ts'
import { faultProblems, knownCode, readShorthands, suggest } from './fault-problems.ts'

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
    const loaded = await loadPlanFile(resolve(file), { knownCodes: knownCode })
    if (loaded.ok) {
      result.faults.push(...loaded.faults)
      if (loaded.seed !== undefined) result.seed = loaded.seed
      if (loaded.timeScale !== undefined) result.timeScale = loaded.timeScale
    } else problems.push(...loaded.problems.map((problem) => suggest({ ...problem, path: `${file}${problem.path ? `: ${problem.path}` : ''}` })))
  }
  const read = readShorthands(shorthands)
  result.faults.push(...read.faults)
  problems.push(...read.problems)
  if (problems.length > 0) throw faultProblems(problems)
  return result
}
