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
 * Entries run at once against the reference dispatcher, in this process.
 * Measured on the 2-CPU machine: the whole catalogue takes about the same
 * at 2 as at 3, and 3 loads the event loop enough that the dispatcher's
 * time-scaled read timeouts start firing on answers already written.
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
  // Timing-sensitive entries first, one at a time; then the others, a few at once.
  const timed = selected.value.entries.filter((entry) => entry.timingSensitive)
  const untimed = selected.value.entries.filter((entry) => !entry.timingSensitive)
  const runOne = async (entry: CatalogueEntry): Promise<{ run: EntryRun; summary: ConformanceEntry }> => {
    const runDir = join(outDir, 'entries', entry.id)
    const started = Date.now()
    let run: EntryRun
    try {
      run = await runEntry(entry, runDir, { target: options.target, interpretations: options.interpretations, wallLimitMs: ENTRY_WALL_LIMIT_MS, ...(options.signal ? { signal: options.signal } : {}) })
    } catch (error) {
      if (!(error instanceof RunSetupError)) throw error
      run = { entry, runDir, cases: [], problem: `dispatcher-failed: ${error.message}` }
    }
    const summary: ConformanceEntry = {
      id: entry.id,
      source: entry.path,
      runDir,
      ruleSets: [...entry.ruleSets],
      status: run.precondition !== undefined ? 'skipped' : (run.result?.status ?? 'dispatcher-failed'),
      ...(run.precondition !== undefined ? { reason: `PRECONDITION_FAILED: ${run.precondition}` } : run.problem !== undefined ? { reason: run.problem } : run.result && run.result.status !== 'passed' ? { reason: run.result.message } : {}),
      wallMs: Date.now() - started,
    }
    options.onEntry?.(summary)
    return { run, summary }
  }
  const runs = [...(await inPool(timed, 1, runOne)), ...(await inPool(untimed, concurrency, runOne))]
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
