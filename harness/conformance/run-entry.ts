/**
 * One catalogue entry, run and judged: against the reference dispatcher
 * (in this process; as a child when the entry kills it, or when its
 * verdicts hang on timing: then the harness's own work cannot hold up the
 * dispatcher's timers) or a dispatcher at
 * a URL, in its own run directory; then the oracle's verdicts under the
 * suite's interpretations. An external dispatcher was configured against
 * fixed simulator ports and a state directory (its credentials): each
 * entry serves on those ports from a copy of that state, so its ledger and
 * tokens are its own.
 */
import { cpSync, existsSync, readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import type { PortName } from '../../simulators/serve.ts'
import type { CaseResult } from '../oracle/case.ts'
import type { Interpretations } from '../oracle/interpretations.ts'
import { verifyRun } from '../oracle/verify.ts'
import type { RunResult } from '../result/run-result.ts'
import { runScenario, writeRunResult } from '../run/run.ts'
import type { CatalogueEntry } from './catalogue.ts'

export type SuiteTarget = { kind: 'reference' } | { kind: 'external'; url: string; ports: Record<PortName, number>; stateDir: string }

export interface EntryRun {
  entry: CatalogueEntry
  runDir: string
  /** Absent when the entry could not run on this target (then `precondition` says why). */
  result?: RunResult
  cases: CaseResult[]
  precondition?: string
  /** Why its verdicts cannot be trusted as a whole: it did not settle, or its dispatcher stopped answering. */
  problem?: string
}

export interface EntryOptions {
  target: SuiteTarget
  interpretations: Interpretations
  wallLimitMs: number
  signal?: AbortSignal
}

export async function runEntry(entry: CatalogueEntry, runDir: string, options: EntryOptions): Promise<EntryRun> {
  const { target } = options
  if (entry.needsRestart && target.kind === 'external') {
    return { entry, runDir, cases: [], precondition: `the dispatcher at ${target.url} is external: pushsim can kill -9 and restart only a dispatcher it starts as a child process` }
  }
  const result = await runScenario({
    plan: entry.plan,
    source: entry.path,
    sourceText: readFileSync(entry.path, 'utf8'),
    outDir: runDir,
    dispatcher: target.kind === 'external' ? { mode: 'external', url: target.url } : { mode: entry.needsRestart || entry.timingSensitive ? 'child' : 'in-process' },
    ...(target.kind === 'external' ? { ports: target.ports, stateDir: entryState(target.stateDir, runDir) } : {}),
    wallLimitMs: options.wallLimitMs,
    ...(options.signal ? { signal: options.signal } : {}),
  })
  writeRunResult(runDir, result)
  // The run judged itself by the law's defaults; the suite judges by its own readings.
  const verdicts = await verifyRun(runDir, undefined, options.interpretations)
  const problem = result.status === 'deadline' || result.status === 'dispatcher-failed' ? `${result.status}: ${result.message}` : undefined
  if (!verdicts.ok) return { entry, runDir, result, cases: [], problem: `the oracle could not read the run: ${verdicts.error}` }
  return { entry, runDir, result, cases: verdicts.value, ...(problem ? { problem } : {}) }
}

/** A copy of the external dispatcher's simulator state (credentials, CA) for one entry, without the ledger of earlier runs. */
function entryState(base: string, runDir: string): string {
  const dir = join(runDir, 'simulators')
  if (existsSync(base)) cpSync(base, dir, { recursive: true, filter: (source) => basename(source) !== 'ledger.ndjson' })
  return dir
}
