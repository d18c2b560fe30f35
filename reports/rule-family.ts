/** A conformance case's rule family, the unit CI readers group by: its rule set, else the first segment of its id (`metrics` of `metrics.web.ctr`). */
import type { ConformanceFigures } from '../harness/result/run-result.ts'

export const familyOf = (item: ConformanceFigures['cases'][number]): string => item.ruleSet ?? item.id.split('.')[0]!

/** Passed, failed and skipped cases per family, families in name order. */
export function verdictsByFamily(conformance: ConformanceFigures): { family: string; pass: number; fail: number; skipped: number }[] {
  const families = new Map<string, { family: string; pass: number; fail: number; skipped: number }>()
  for (const item of conformance.cases) {
    const family = familyOf(item)
    const counts = families.get(family) ?? { family, pass: 0, fail: 0, skipped: 0 }
    counts[item.verdict]++
    families.set(family, counts)
  }
  return [...families.values()].sort((a, b) => a.family.localeCompare(b.family))
}
