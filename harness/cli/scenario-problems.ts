import type { PlanProblem } from '../../simulators/faults/spec.ts'
import { usageError, type CliFailure } from './exit-codes.ts'

/** A scenario that did not load: every problem on its own line with its path, exit 2 (plan and run say it the same way). */
export function scenarioProblems(source: string, problems: readonly PlanProblem[]): CliFailure {
  const lines = problems.map((p) => `  ${p.path === '' ? '(scenario)' : p.path}: ${p.message}`)
  return usageError(`Failed to load the scenario ${source}: ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${lines.join('\n')}`, 'Fix each path above; docs/scenario.schema.json describes the format.')
}
