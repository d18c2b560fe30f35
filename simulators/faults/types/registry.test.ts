/**
 * The registry is the one place a fault type is declared: every entry must
 * be whole (decoder, shorthand, behaviour of its scope), reach validation,
 * the shorthand and the pipeline, and be documented in README's fault table.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { findEntry } from '../../catalogue/index.ts'
import { manualClock } from '../../kernel/clock.ts'
import { NORMAL_CONNECTION } from '../../kernel/connection-behaviour.ts'
import type { Outcome, ProviderName } from '../../kernel/exchange.ts'
import { createRng } from '../../kernel/rng.ts'
import { realScheduler } from '../../kernel/scheduler.ts'
import { applyFaults, type FaultedExchange } from '../engine/apply.ts'
import { createFaultEngine } from '../engine/engine.ts'
import { KEY_RULES } from '../plan/shorthand-parts.ts'
import { parseShorthand } from '../plan/shorthand.ts'
import { validatePlan } from '../plan/validate.ts'
import { FAULT_TYPE_REGISTRY, FAULT_TYPES, findFaultType } from './index.ts'

const knownCodes = (name: string) => findEntry(name) !== undefined
const definitions = FAULT_TYPE_REGISTRY.map((definition) => [definition.name, definition] as const)
const OK: Outcome = { kind: 'respond', response: { status: 200, headers: {}, body: '{"id":"from the core, long enough to cut"}' } }

/** The README table's rows: type → scope, attributes, effect. */
function readmeRows(): Map<string, { scope: string; attributes: string; effect: string }> {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8')
  const section = readme.slice(readme.indexOf('## Fault injection'), readme.indexOf('### The shorthand, for reference'))
  const rows = new Map<string, { scope: string; attributes: string; effect: string }>()
  for (const line of section.split('\n').filter((text) => text.startsWith('| `'))) {
    // Cells split on the pipes that are not escaped (`headers` \| `body`).
    const [, type = '', scope = '', attributes = '', effect = ''] = line.split(/(?<!\\)\|/).map((cell) => cell.trim())
    rows.set(type.replaceAll('`', ''), { scope, attributes, effect })
  }
  return rows
}

/** The example's fault, validated: its provider (or apns for `*`) and its spec. */
function exampleFault(example: string) {
  const parsed = parseShorthand(example, 0, { knownCodes })
  if (!parsed.ok) throw new Error(`${example}: ${JSON.stringify(parsed.problems)}`)
  const plan = validatePlan([{ ...(parsed.fault as object), id: 'x' }], { knownCodes })
  if (!plan.ok) throw new Error(`${example}: ${JSON.stringify(plan.problems)}`)
  const provider = (example.slice(0, example.indexOf(':')) === '*' ? 'apns' : example.slice(0, example.indexOf(':'))) as ProviderName
  return { provider, fault: plan.faults[0]! }
}

describe('the fault-type registry', () => {
  it('names each type once, and validation and the shorthand know every one', () => {
    expect(new Set(FAULT_TYPES).size).toBe(FAULT_TYPE_REGISTRY.length)
    const unknown = validatePlan([{ type: 'teleport' }], { knownCodes })
    expect(unknown.ok ? '' : unknown.problems[0]!.message).toBe(`expected one of: ${FAULT_TYPES.join(', ')}; got "teleport"`)
    for (const name of FAULT_TYPES) expect(findFaultType(name)?.name).toBe(name)
  })

  it.each(definitions)("%s: its shorthand example parses and validates as that type, with attributes of its own keys", (name, definition) => {
    expect(definition.summary).toMatch(/^\S.{10,}[^.]$/)
    const { fault } = exampleFault(definition.shorthand.example)
    expect(fault.type).toBe(name)
    for (const key of Object.keys(fault.attributes)) expect(definition.attributeKeys).toContain(key)
    for (const [key] of definition.shorthand.requiredKeys ?? []) expect(Object.keys(definition.shorthand.keys ?? {})).toContain(key)
    // A type's own keys never shadow the keys every fault takes.
    for (const key of Object.keys(definition.shorthand.keys ?? {})) expect(Object.keys(KEY_RULES)).not.toContain(key)
  })

  it.each(definitions)('%s: its behaviour fits its scope and takes effect', (name, definition) => {
    const { provider, fault } = exampleFault(definition.shorthand.example)
    const engine = createFaultEngine({ seed: 'registry', clock: manualClock(), scheduler: realScheduler(1), knownCode: knownCodes })
    // A clean schedule, so the example takes effect now (its own may be every=1000 or a window).
    const added = engine.add({ ...fault, schedule: { kind: 'always' } })
    if (!added.ok) throw new Error(added.error.message)
    if (definition.scope === 'connection') {
      expect(Object.keys(definition).filter((key) => ['wait', 'answer', 'shape'].includes(key))).toEqual([])
      expect(engine.hasExchangeFaults).toBe(false)
      const behaviour = engine.connectionFaults(provider, 1)
      expect(behaviour).not.toBe(NORMAL_CONNECTION)
      expect(behaviour.faultIds).toEqual(['x'])
      return
    }
    expect(Object.keys(definition).filter((key) => ['wait', 'answer', 'shape'].includes(key)).length).toBeGreaterThan(0)
    expect(engine.hasExchangeFaults).toBe(true)
    expect(engine.connectionFaults(provider, 1)).toBe(NORMAL_CONNECTION)
    const subject = { provider, flavour: undefined, route: '/', headers: {}, connectionOrdinal: 1, target: 't' }
    // A rate limit takes effect once its bucket is empty.
    const pipeline = Array.from({ length: 200 }, () => engine.decide(subject)).find((decided) => decided.applied.length > 0)
    expect(pipeline?.applied.map((applied) => [applied.id, applied.spec.type])).toEqual([['x', name]])
    const ctx = { target: provider === 'webpush' ? 'firefox' : provider, connectionState: {}, rng: createRng('r'), clock: manualClock(), apnsId: undefined } as const
    const result = applyFaults(pipeline!, () => OK, ctx) as FaultedExchange
    expect(result.faultIds).toEqual(['x'])
  })

  it("README's fault table lists every type, with its scope and each attribute, and no other", () => {
    const rows = readmeRows()
    expect([...rows.keys()].sort()).toEqual([...FAULT_TYPES].sort())
    for (const definition of FAULT_TYPE_REGISTRY) {
      const row = rows.get(definition.name)!
      expect(row.scope, definition.name).toBe(definition.scope)
      for (const key of definition.attributeKeys) expect(row.attributes, `${definition.name}.${key}`).toContain(`\`${key}`)
      expect(row.effect).not.toBe('')
    }
  })
})
