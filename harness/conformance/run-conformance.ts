/**
 * `pushsim conformance`, as a library: selects the catalogue entries the
 * cases asked for need, runs each in its own directory under `outDir`
 * (against the reference dispatcher a few at a time; against an external
 * one, which keeps state between runs, one at a time), judges each with the
 * oracle under the suite's interpretations, merges the verdicts into one
 * run result and writes it as `outDir/run-result.json`.
 */
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Interpretations } from '../oracle/interpretations.ts'
import { ruleSetOf } from '../oracle/rule-sets.ts'
import type { ConformanceEntry, RunResult } from '../result/run-result.ts'
import { RunSetupError, writeRunResult } from '../run/run.ts'
import { knownCases } from './case-index.ts'
import { CATALOGUE_DIR, loadCatalogue, type CatalogueEntry } from './catalogue.ts'
import type { Parsed } from './interpretation-flags.ts'
import { mergeCases, type EntryCases } from './merge.ts'
import { runEntry, type EntryRun, type SuiteTarget } from './run-entry.ts'
import { selectSuite } from './selection.ts'
import { suiteResult } from './suite-result.ts'

/**
 * Entries run at once against the reference dispatcher, in this process
 * (timing-sensitive ones always alone). Measured on the shared 2-CPU
 * machine (load average 7–11 from other work), 38 entries: 186–210 s wall
 * at 2; 159 s at 3, but then credential-refresh-fcm saw a refresh storm
 * (stragglers of one expiry past the dispatcher's cooldown: at a small time
 * scale a loaded event loop's delay is many virtual seconds).
 */
export const REFERENCE_CONCURRENCY = 2

/** Wall time one entry may take before it ends as `deadline`. */
const ENTRY_WALL_LIMIT_MS = 120_000

export interface ConformanceOptions {
  target: SuiteTarget
  only?: string
  strict: boolean
  interpretations: Interpretations
  outDir: string
  concurrency?: number
  catalogueDir?: string
  signal?: AbortSignal
  /** Each entry as it finishes. */
  onEntry?(entry: ConformanceEntry): void
}

export async function runConformance(options: ConformanceOptions): Promise<Parsed<RunResult>> {
  const catalogueDir = options.catalogueDir ?? CATALOGUE_DIR
  const catalogue = await loadCatalogue(catalogueDir)
  if (!catalogue.ok) return catalogue
  const selected = selectSuite(await knownCases(), catalogue.value, options.only)
  if (!selected.ok) return selected
  const outDir = resolve(options.outDir)
  mkdirSync(outDir, { recursive: true })
  const wallStart = Date.now()
  const concurrency = options.target.kind === 'external' ? 1 : Math.max(1, options.concurrency ?? REFERENCE_CONCURRENCY)
  // An external dispatcher keeps its clock between entries, and a clock with campaigns never moves back: its entries run in calendar order.
  let calendarAt = Number.NEGATIVE_INFINITY
  const runOne = async (entry: CatalogueEntry): Promise<{ run: EntryRun; summary: ConformanceEntry }> => {
    const runDir = join(outDir, 'entries', entry.id)
    const started = Date.now()
    let run: EntryRun
    try {
      if (options.target.kind === 'external' && entry.plan.clock.startMs < calendarAt) {
        run = { entry, runDir, cases: [], precondition: `the dispatcher's clock is at ${new Date(calendarAt).toISOString()}, past this entry's start ${entry.plan.clock.start}, and a dispatcher's clock never moves back: run it alone (--only) on a fresh dispatcher` }
      } else {
        run = await runEntry(entry, runDir, { target: options.target, interpretations: options.interpretations, wallLimitMs: ENTRY_WALL_LIMIT_MS, ...(options.signal ? { signal: options.signal } : {}) })
        if (run.result) calendarAt = Date.parse(run.result.clock.end)
      }
    } catch (error) {
      if (!(error instanceof RunSetupError)) throw error
      run = { entry, runDir, cases: [], problem: `dispatcher-failed: ${error.message}` }
    }
    const summary = entrySummary(run, options.strict, Date.now() - started)
    options.onEntry?.(summary)
    return { run, summary }
  }
  const entries = options.target.kind === 'external' ? [...selected.value.entries].sort((a, b) => a.plan.clock.startMs - b.plan.clock.startMs) : selected.value.entries
  // Timing-sensitive entries first, one at a time; then the others, a few at once.
  const timed = entries.filter((entry) => entry.timingSensitive)
  const untimed = entries.filter((entry) => !entry.timingSensitive)
  const runs = options.target.kind === 'external' ? await inPool(entries, 1, runOne) : [...(await inPool(timed, 1, runOne)), ...(await inPool(untimed, concurrency, runOne))]
  const contributions: EntryCases[] = runs.map(({ run }) => ({ entry: run.entry.id, runDir: run.runDir, ruleSets: run.entry.ruleSets, cases: run.cases, ...(run.precondition !== undefined ? { precondition: run.precondition } : {}) }))
  const target = options.target
  const result = suiteResult({
    wall: { startedAt: new Date(wallStart).toISOString(), endedAt: new Date().toISOString(), durationMs: Date.now() - wallStart },
    dispatcher: target.kind === 'external' ? { url: target.url, mode: 'external', capabilities: [], settings: null } : { url: 'the reference dispatcher', mode: 'in-process', capabilities: [], settings: null },
    entries: runs.map(({ summary }) => summary),
    results: runs.flatMap(({ run }) => (run.result ? [run.result] : [])),
    cases: mergeCases(selected.value.cases, contributions),
    interpretations: options.interpretations,
    strict: options.strict,
    catalogueDir,
  })
  writeRunResult(outDir, result)
  return { ok: true, value: result }
}

/**
 * An entry as the suite sees it: its run's status, except that its run
 * judged itself by the law's defaults with every failure counting, where
 * the suite counts the failures of its rule sets under its readings, a
 * strict case's only under --strict.
 */
function entrySummary(run: EntryRun, strict: boolean, wallMs: number): ConformanceEntry {
  const base = { id: run.entry.id, source: run.entry.path, runDir: run.runDir, ruleSets: [...run.entry.ruleSets], wallMs }
  if (run.precondition !== undefined) return { ...base, status: 'skipped', reason: `PRECONDITION_FAILED: ${run.precondition}` }
  if (run.result === undefined) return { ...base, status: 'dispatcher-failed', reason: run.problem ?? 'the run did not finish' }
  if (run.problem !== undefined) return { ...base, status: run.result.status, reason: run.problem }
  if (run.result.status !== 'passed' && run.result.status !== 'conformance-failed') return { ...base, status: run.result.status, reason: run.result.message }
  const failing = run.cases.filter((result) => result.verdict === 'fail' && run.entry.ruleSets.includes(ruleSetOf(result.id) ?? '') && (strict || result.strict !== true))
  if (failing.length > 0) return { ...base, status: 'conformance-failed', reason: `${failing.length} case${failing.length === 1 ? '' : 's'} failed: ${failing.map((result) => result.id).join(', ')}` }
  const lenient = run.cases.filter((result) => result.verdict === 'fail' && result.strict === true && run.entry.ruleSets.includes(ruleSetOf(result.id) ?? ''))
  return { ...base, status: 'passed', ...(lenient.length > 0 ? { reason: `strict case${lenient.length === 1 ? '' : 's'} failed, reported: ${lenient.map((result) => result.id).join(', ')}` } : {}) }
}

/** Maps items through `work`, at most `limit` at a time, results in the items' order. */
async function inPool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await work(items[index]!)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}
