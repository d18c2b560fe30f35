/** Compares one recomputed figure with the dispatcher's (§8): counts exact, rates within 0.005 points, null only against null. */
import type { FigureKind } from './figure.ts'
import { RATE_TOLERANCE } from './rate.ts'

export function figureMatches(kind: FigureKind, expected: unknown, actual: unknown): boolean {
  if (kind === 'record') {
    const want = flatten(expected)
    const got = flatten(actual)
    if (want === undefined || got === undefined) return false
    return [...new Set([...Object.keys(want), ...Object.keys(got)])].every((key) => (want[key] ?? 0) === (got[key] ?? 0))
  }
  if (expected === null || actual === null) return expected === actual
  if (typeof expected !== 'number' || typeof actual !== 'number') return false
  return kind === 'rate' ? Math.abs(expected - actual) <= RATE_TOLERANCE : expected === actual
}

/** `{technical: 1, byCode: {x: 1}}` → `{technical: 1, 'byCode.x': 1}`: nested counts compare key by key. */
function flatten(value: unknown, prefix = ''): Record<string, unknown> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
  const flat: Record<string, unknown> = {}
  for (const [key, inner] of Object.entries(value)) {
    const nested = typeof inner === 'object' && inner !== null ? flatten(inner, `${prefix}${key}.`) : undefined
    if (nested) Object.assign(flat, nested)
    else flat[prefix + key] = inner
  }
  return flat
}
