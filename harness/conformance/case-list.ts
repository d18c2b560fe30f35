/**
 * `pushsim conformance --list`, in h2spec's shape: the cases grouped by
 * rule set, each with its id, title and source section, whether it is
 * strict, and the catalogue entries that judge it (or UNCOVERED); then the
 * interpretations a run may read otherwise, with the law's default first.
 */
import { RULE_SETS } from '../../scenarios/rule-sets.ts'
import { INTERPRETATION_NAMES, INTERPRETATIONS } from '../oracle/interpretations.ts'
import type { KnownCase } from './case-index.ts'
import type { CatalogueEntry } from './catalogue.ts'
import { entriesCovering } from './selection.ts'

export function renderCaseList(cases: readonly KnownCase[], catalogue: readonly CatalogueEntry[]): string {
  const lines: string[] = []
  const groups = [...new Set(cases.map((meta) => meta.ruleSet))]
  let uncovered = 0
  for (const ruleSet of groups) {
    const describe = ruleSet === null ? 'no rule set' : (RULE_SETS as Record<string, string>)[ruleSet] ?? ruleSet
    lines.push(`${ruleSet ?? '(none)'}: ${describe}`)
    for (const meta of cases.filter((candidate) => candidate.ruleSet === ruleSet)) {
      const entries = entriesCovering(meta, catalogue).map((entry) => entry.id)
      if (entries.length === 0) uncovered++
      lines.push(`  ${meta.id}${meta.strict ? ' (strict)' : ''}`)
      lines.push(`      ${meta.title} — ${meta.source.document} ${meta.source.section}`)
      lines.push(`      ${entries.length === 0 ? 'UNCOVERED: no catalogue entry names its rule set' : `entries: ${entries.join(', ')}`}`)
    }
  }
  lines.push('', 'interpretations (--interpretation name=value; the first value is the law’s default):')
  for (const name of INTERPRETATION_NAMES) {
    const spec = INTERPRETATIONS[name]
    lines.push(`  ${name} (${spec.section}): ${spec.question}`)
    for (const choice of spec.values) lines.push(`      ${choice.value}: ${choice.meaning}`)
  }
  lines.push('', `${cases.length} case${cases.length === 1 ? '' : 's'}, ${catalogue.length} catalogue entr${catalogue.length === 1 ? 'y' : 'ies'}, ${uncovered} uncovered`)
  return lines.join('\n') + '\n'
}
