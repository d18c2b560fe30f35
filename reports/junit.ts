/**
 * JUnit XML for CI (reports.md "The CI reader", h2spec's shape): one
 * testsuite per rule family (the case's rule set, else its id's first
 * segment), one testcase per conformance case named after it and the
 * document section it checks; skipped cases say why; failures carry the
 * evidence as text (deliveries, persons, ledger seqs, expected against
 * actual). The scenario's thresholds are one more suite. Reads the run
 * result only; no timestamp of rendering, so a saved run renders the same.
 */
import type { ConformanceFigures, RunResult } from '../harness/result/run-result.ts'
import { evidenceLines } from './evidence-text.ts'
import { familyOf } from './rule-family.ts'
import { xmlAttribute, xmlText } from './xml-escape.ts'

type Case = ConformanceFigures['cases'][number]

interface TestCase {
  name: string
  classname: string
  /** Absent: passed. */
  outcome?: { kind: 'failure' | 'skipped'; message: string; text?: string }
}

export function renderJunit(result: RunResult): string {
  const suites = new Map<string, TestCase[]>()
  for (const item of result.conformance?.cases ?? []) {
    const family = familyOf(item)
    const list = suites.get(family) ?? []
    list.push(testCase(item, family))
    suites.set(family, list)
  }
  const thresholds: TestCase[] = result.thresholds.map((threshold) => ({
    name: threshold.source,
    classname: 'thresholds',
    ...(threshold.ok ? {} : { outcome: { kind: 'failure' as const, message: `threshold ${threshold.source} failed: actual ${threshold.actual === null ? 'nothing measured' : String(threshold.actual)}` } }),
  }))
  const ordered = [...[...suites].sort(([a], [b]) => a.localeCompare(b)), ...(thresholds.length > 0 ? [['thresholds', thresholds] as const] : [])]
  const count = (cases: readonly TestCase[], kind: 'failure' | 'skipped') => cases.filter((item) => item.outcome?.kind === kind).length
  const all = ordered.flatMap(([, cases]) => cases)
  const seconds = (result.wall.durationMs / 1000).toFixed(3)
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>']
  lines.push(`<testsuites name="${xmlAttribute(`pushsim run ${result.scenario.name}`)}" tests="${all.length}" failures="${count(all, 'failure')}" errors="0" skipped="${count(all, 'skipped')}" time="${seconds}">`)
  for (const [name, cases] of ordered) {
    lines.push(`  <testsuite name="${xmlAttribute(name)}" tests="${cases.length}" failures="${count(cases, 'failure')}" errors="0" skipped="${count(cases, 'skipped')}" time="0">`)
    if (name === ordered[0]![0]) lines.push(...properties(result))
    for (const item of cases) lines.push(...testCaseXml(item))
    lines.push('  </testsuite>')
  }
  lines.push('</testsuites>')
  return lines.join('\n') + '\n'
}

function testCase(item: Case, family: string): TestCase {
  const name = `${item.id} (${item.source.document} ${item.source.section})`
  if (item.verdict === 'pass') return { name, classname: family }
  if (item.verdict === 'skipped') return { name, classname: family, outcome: { kind: 'skipped', message: item.reason ?? 'skipped' } }
  const text = [`${item.title}: ${item.violations} of ${item.checked} broke it.`, ...evidenceLines(item)].join('\n')
  return { name, classname: family, outcome: { kind: 'failure', message: item.reason ?? item.title, text } }
}

function testCaseXml(item: TestCase): string[] {
  const open = `    <testcase name="${xmlAttribute(item.name)}" classname="${xmlAttribute(item.classname)}" time="0"`
  if (item.outcome === undefined) return [`${open}/>`]
  const { kind, message, text } = item.outcome
  const element = kind === 'skipped' ? `<skipped message="${xmlAttribute(message)}"/>` : `<failure message="${xmlAttribute(message)}" type="conformance">${xmlText(text ?? message)}</failure>`
  return [`${open}>`, `      ${element}`, '    </testcase>']
}

/** The run's identity, once, so a CI reader can tell which run the cases come from. */
function properties(result: RunResult): string[] {
  const entries: [string, string][] = [
    ['scenario', result.scenario.name],
    ['seed', result.scenario.seed],
    ['status', result.status],
    ['clock', `${result.clock.start} → ${result.clock.end} (time scale ${result.clock.timeScale})`],
    ['dispatcher', `${result.dispatcher.url} (${result.dispatcher.mode})`],
  ]
  return ['    <properties>', ...entries.map(([name, value]) => `      <property name="${xmlAttribute(name)}" value="${xmlAttribute(value)}"/>`), '    </properties>']
}
