import { CATALOGUE, findEntry } from '../../simulators/catalogue/index.ts'
import { parseShorthand } from '../../simulators/faults/plan/shorthand.ts'
import type { PlanProblem } from '../../simulators/faults/spec.ts'
import { didYouMean } from './did-you-mean.ts'
import { usageError, type CliFailure } from './exit-codes.ts'

const CATALOGUE_NAMES = CATALOGUE.flatMap((entry) => [entry.name, ...entry.aliases])
const PROVIDERS = ['apns', 'fcm', 'webpush']

export const knownCode = (name: string): boolean => findEntry(name) !== undefined

/** Shorthand faults (`serve --fault`, `faults add`): the faults, or every problem, each with the nearest right word where one applies. */
export function readShorthands(texts: readonly string[]): { faults: unknown[]; problems: PlanProblem[] } {
  const faults: unknown[] = []
  const problems: PlanProblem[] = []
  texts.forEach((text, index) => {
    const parsed = parseShorthand(text, index, { knownCodes: knownCode })
    if (parsed.ok) faults.push(parsed.fault)
    else problems.push(...parsed.problems.map((problem) => suggest(problem, text)))
  })
  return { faults, problems }
}

/**
 * The fault language's problem with a did-you-mean: an error name the
 * catalogue does not know is a typo more often than not, and so is a
 * provider (the shorthand's first word).
 */
export function suggest(problem: PlanProblem, shorthand?: string): PlanProblem {
  const code = /^unknown error code "([^"]+)"/.exec(problem.message)?.[1]
  if (code !== undefined) return { ...problem, message: `unknown error ${JSON.stringify(code)}${didYouMean(code, CATALOGUE_NAMES)}` }
  if (shorthand !== undefined && problem.path.endsWith(':provider')) return { ...problem, message: `${problem.message}${didYouMean(shorthand.split(':')[0]!, PROVIDERS)}` }
  return problem
}

/** Every problem on its own line with its path, exit 2; a pointer to `pushsim errors` when an error name was wrong. */
export function faultProblems(problems: readonly PlanProblem[]): CliFailure {
  const names = problems.some((problem) => problem.message.startsWith('unknown error '))
  return usageError(
    `Failed to read the faults:\n${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`,
    names ? "'pushsim errors' lists every error name (--provider apns|fcm|webpush)." : undefined,
  )
}
