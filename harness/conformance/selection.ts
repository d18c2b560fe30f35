/**
 * `--only PATTERN`: the cases whose ids match, and the catalogue entries
 * that could give them a verdict (those naming a matching case's rule
 * set). A pattern that matches no case is a usage error, with the nearest
 * case id.
 */
import { nearest } from '../../scenarios/decode/read.ts'
import type { KnownCase } from './case-index.ts'
import { casePattern } from './case-pattern.ts'
import type { CatalogueEntry } from './catalogue.ts'
import type { Parsed } from './interpretation-flags.ts'

export interface Selection {
  cases: KnownCase[]
  entries: CatalogueEntry[]
}

export function selectSuite(known: readonly KnownCase[], catalogue: readonly CatalogueEntry[], only?: string): Parsed<Selection> {
  const matches = only === undefined ? () => true : casePattern(only)
  const cases = known.filter((meta) => matches(meta.id))
  if (cases.length === 0) {
    const near = only === undefined ? undefined : nearest(only, known.map((meta) => meta.id))
    return { ok: false, error: `No case id matches --only ${only}${near ? ` (did you mean ${near}?)` : ''}; pushsim conformance --list prints them` }
  }
  const ruleSets = new Set(cases.flatMap((meta) => (meta.ruleSet === null ? [] : [meta.ruleSet])))
  return { ok: true, value: { cases, entries: catalogue.filter((entry) => entry.ruleSets.some((ruleSet) => ruleSets.has(ruleSet))) } }
}

/** The entries that judge a case: those naming its rule set. */
export const entriesCovering = (meta: KnownCase, catalogue: readonly CatalogueEntry[]): CatalogueEntry[] => (meta.ruleSet === null ? [] : catalogue.filter((entry) => entry.ruleSets.includes(meta.ruleSet!)))
