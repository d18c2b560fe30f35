/**
 * The suite as ONE run result (harness/result/run-result.ts), so the console
 * summary and the reporters read it like any run: scenario `conformance`,
 * every selected case with the entries that judged it, the interpretations
 * and strictness used, and each entry with its run directory. Figures of
 * the entries' runs add up (states, wire, devices); their histograms and
 * calendars stay in their own run directories.
 */
import { createHash } from 'node:crypto'
import { relative } from 'node:path'
import type { Interpretations } from '../oracle/interpretations.ts'
import { RUN_RESULT_VERSION, type ConformanceEntry, type RunResult, type RunStatus } from '../result/run-result.ts'
import type { SuiteCase } from './merge.ts'

export interface SuiteParts {
  wall: RunResult['wall']
  dispatcher: RunResult['dispatcher']
  entries: ConformanceEntry[]
  /** The entries' run results, for the figures that add up. */
  results: RunResult[]
  cases: SuiteCase[]
  interpretations: Interpretations
  strict: boolean
  catalogueDir: string
}

/** A failure that fails the suite: every failed case, but a strict one only under --strict. */
export const countsAsFailure = (result: SuiteCase, strict: boolean): boolean => result.verdict === 'fail' && (strict || result.strict !== true)

export function suiteResult(parts: SuiteParts): RunResult {
  const { cases, entries, results, strict } = parts
  const ruleSets = [...new Set(entries.flatMap((entry) => entry.ruleSets))].sort()
  const failing = cases.filter((result) => countsAsFailure(result, strict))
  const lenient = cases.filter((result) => result.verdict === 'fail' && !countsAsFailure(result, strict))
  const broken = entries.filter((entry) => entry.status === 'deadline' || entry.status === 'dispatcher-failed')
  const count = (verdict: SuiteCase['verdict']) => cases.filter((result) => result.verdict === verdict).length
  const status: RunStatus = broken.length > 0 && broken.length === entries.filter((entry) => entry.status !== 'skipped').length && broken.every((entry) => entry.status === 'dispatcher-failed') ? 'dispatcher-failed' : failing.length > 0 || broken.length > 0 ? 'conformance-failed' : 'passed'
  const message = status === 'passed' ? `${count('pass')} of ${cases.length} cases passed over ${entries.length} catalogue entries; ${count('skipped')} skipped${lenient.length > 0 ? `; ${lenient.length} strict case${lenient.length === 1 ? '' : 's'} failed (reported; --strict fails on them)` : ''}.` : failureMessage(failing, broken)
  const first = results[0]
  const starts = results.map((result) => result.clock.start).sort()
  const ends = results.map((result) => result.clock.end).sort()
  return {
    version: RUN_RESULT_VERSION,
    status,
    message,
    scenario: { name: 'conformance', source: relative(process.cwd(), parts.catalogueDir) || '.', hash: hashOf(results), seed: 'each entry its own' },
    wall: parts.wall,
    clock: { start: starts[0] ?? parts.wall.startedAt, end: ends.at(-1) ?? parts.wall.endedAt, timeScale: Math.min(1, ...results.map((result) => result.clock.timeScale)), segments: [] },
    dispatcher: { ...parts.dispatcher, capabilities: first?.dispatcher.capabilities ?? parts.dispatcher.capabilities, settings: first?.dispatcher.settings ?? null },
    plan: {
      persons: sumOf(results, (result) => result.plan.persons),
      devices: sumOf(results, (result) => result.plan.devices),
      tokenStates: addUp(results.map((result) => result.plan.tokenStates)) as Record<string, number>,
      phases: sumOf(results, (result) => result.plan.phases),
      expectedDeliveries: sumOf(results, (result) => result.plan.expectedDeliveries),
      summary: null,
    },
    phases: results.flatMap((result) => result.phases.map((phase) => ({ ...phase, name: `${result.scenario.name}/${phase.name}` }))),
    campaigns: results.flatMap((result) => result.campaigns),
    counters: { ...(addUp(results.map((result) => result.counters)) as RunResult['counters']), throughput: { acceptedPerSecond: 0, acceptedPerWallSecond: 0, firstAttemptAt: null, lastAcceptedAt: null } },
    histograms: {},
    thresholds: [],
    conformance: { ruleSets, passed: count('pass'), failed: count('fail'), failedInRuleSets: failing.length, skipped: count('skipped'), cases, interpretations: { ...parts.interpretations }, strict, entries },
    rules: ruleSets,
    ledger: '',
    notes: [
      ...entries.filter((entry) => entry.status !== 'passed' || entry.reason !== undefined).map((entry) => `entry ${entry.id} ${entry.status}${entry.reason ? `: ${entry.reason}` : ''} (${entry.runDir})`),
      ...lenient.map((result) => `strict case ${result.id} failed; it fails the suite only under --strict (${result.reason ?? result.title})`),
    ],
  }
}

function failureMessage(failing: SuiteCase[], broken: ConformanceEntry[]): string {
  const parts: string[] = []
  if (failing.length > 0) parts.push(`${failing.length} conformance case${failing.length === 1 ? '' : 's'} failed (${failing.slice(0, 3).map((result) => result.id).join(', ')}${failing.length > 3 ? ', …' : ''})`)
  if (broken.length > 0) parts.push(`${broken.length} entr${broken.length === 1 ? 'y' : 'ies'} did not finish (${broken.map((entry) => `${entry.id}: ${entry.status}`).join(', ')})`)
  return parts.join('; ') + '.'
}

const sumOf = <T>(items: readonly T[], value: (item: T) => number) => items.reduce((total, item) => total + value(item), 0)

const hashOf = (results: readonly RunResult[]) => createHash('sha256').update(results.map((result) => `${result.scenario.name}:${result.scenario.hash}`).join('\n')).digest('hex')

/** Numbers added key by key, through nested records (counters, exchanges by outcome); anything else kept from the first. */
function addUp(values: readonly unknown[]): unknown {
  const present = values.filter((value) => value !== undefined && value !== null)
  if (present.length === 0) return {}
  if (present.every((value) => typeof value === 'number')) return (present as number[]).reduce((total, value) => total + value, 0)
  if (!present.every((value) => typeof value === 'object' && !Array.isArray(value))) return present[0]
  const keys = [...new Set(present.flatMap((value) => Object.keys(value as object)))]
  return Object.fromEntries(keys.map((key) => [key, addUp(present.map((value) => (value as Record<string, unknown>)[key]))]))
}
