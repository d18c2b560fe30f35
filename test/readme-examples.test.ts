/** The fault examples in the README are valid plans and shorthands: the docs cannot drift from the language. */
import { readFileSync } from 'node:fs'
import { parse as parseYaml } from 'yaml'
import { describe, expect, it } from 'vitest'
import { findEntry } from '../simulators/catalogue/index.ts'
import { parseShorthand } from '../simulators/faults/plan/shorthand.ts'
import { KEY_RULES } from '../simulators/faults/plan/shorthand-parts.ts'
import { FAULT_TYPE_REGISTRY, FAULT_TYPES } from '../simulators/faults/types/index.ts'
import { validatePlan } from '../simulators/faults/plan/validate.ts'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
const examples = readme.slice(readme.indexOf('### Worked examples'), readme.indexOf('## In-process mode'))
const knownCodes = (name: string) => findEntry(name) !== undefined
const blocks = (language: string) => [...examples.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((match) => match[1]!)
const shorthands = [...examples.matchAll(/(?:--fault|faults add) '([^']+)'/g)].map((match) => match[1]!)

describe('README fault examples', () => {
  it('finds the examples it checks', () => {
    expect(blocks('yaml')).toHaveLength(1)
    expect(blocks('json')).toHaveLength(1)
    expect(shorthands.length).toBeGreaterThanOrEqual(4)
  })

  it.each([...blocks('yaml').map((text) => ['yaml', parseYaml(text)] as const), ...blocks('json').map((text) => ['json', JSON.parse(text)] as const)])('the %s plan validates', (_language, plan) => {
    const result = validatePlan(plan, { knownCodes })
    expect(result.ok ? [] : result.problems).toEqual([])
  })

  it.each(shorthands)('the shorthand %s parses and validates', (text) => {
    const parsed = parseShorthand(text, 0, { knownCodes })
    expect(parsed.ok ? [] : parsed.problems).toEqual([])
    if (parsed.ok) expect(validatePlan([parsed.fault], { knownCodes }).ok).toBe(true)
  })
})

/** The shorthand reference table: every fault type and every key of the language has a row, and every full example in it parses. */
describe("README's shorthand reference", () => {
  const reference = readme.slice(readme.indexOf('### The shorthand, for reference'), readme.indexOf('### Worked examples'))
  const rows = [...reference.matchAll(/^\| ([^|]+) \| [^\n]*?\| `([^`]*)` \|/gm)].map((match) => ({ part: match[1]!, example: match[2]! }))
  const named = new Set(rows.flatMap((row) => [...row.part.matchAll(/`([^`]+)`|^(\w[\w-]*)$/g)].map((match) => match[1] ?? match[2]!)))

  it('has a row for every fault type and every key', () => {
    const typeKeys = FAULT_TYPE_REGISTRY.flatMap((definition) => Object.keys(definition.shorthand.keys ?? {}))
    const missing = [...FAULT_TYPES, ...Object.keys(KEY_RULES), ...typeKeys].filter((name) => !named.has(name))
    expect(missing).toEqual([])
  })

  it.each(rows.filter((row) => !row.example.startsWith(':') && row.example.includes(':') && !row.example.endsWith('…')).map((row) => row.example))('the example %s parses and validates', (text) => {
    const parsed = parseShorthand(text, 0, { knownCodes })
    expect(parsed.ok ? [] : parsed.problems).toEqual([])
  })
})
