/**
 * A saved run directory, as the oracle reads it offline: run-result.json,
 * the ledger it names, tracking.ndjson (the delivery id of each exchange)
 * and the dispatcher's own reports (dispatcher-report/<campaign>.json).
 * Problems are values: a missing or unreadable directory is an error the
 * CLI turns into exit 2.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { RunResult } from '../result/run-result.ts'
import type { DispatcherReport } from '../run/collect.ts'

/** harness/run/collect.ts DISPATCHER_REPORT_DIR; a string here so the oracle loads nothing of the runner. */
const REPORT_DIR = 'dispatcher-report'
const TRACKING_FILE = 'tracking.ndjson'

export interface RunData {
  dir: string
  result: RunResult
  ledgerPath: string
  trackingPath: string
  /** One file per campaign; read one at a time (a report lists every delivery). */
  reportPaths: string[]
}

export type Loaded<T> = { ok: true; value: T } | { ok: false; error: string }

export function loadRunData(runDir: string): Loaded<RunData> {
  const dir = resolve(runDir)
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return { ok: false, error: `${runDir} is not a directory` }
  const resultPath = join(dir, 'run-result.json')
  if (!existsSync(resultPath)) return { ok: false, error: `${runDir} has no run-result.json: not a run directory` }
  let result: RunResult
  try {
    result = JSON.parse(readFileSync(resultPath, 'utf8')) as RunResult
  } catch (error) {
    return { ok: false, error: `Failed to read ${resultPath}: ${(error as Error).message}` }
  }
  if (typeof result !== 'object' || result === null || typeof result.ledger !== 'string' || !Array.isArray(result.clock?.segments)) {
    return { ok: false, error: `${resultPath} is not a run result (no ledger path or clock segments)` }
  }
  const ledgerPath = join(dir, result.ledger)
  if (!existsSync(ledgerPath)) return { ok: false, error: `the ledger ${ledgerPath} named by run-result.json is missing` }
  const trackingPath = join(dir, TRACKING_FILE)
  if (!existsSync(trackingPath)) return { ok: false, error: `${runDir} has no ${TRACKING_FILE}: attempts cannot be grouped by delivery` }
  const reportDir = join(dir, REPORT_DIR)
  const reportPaths = existsSync(reportDir) ? readdirSync(reportDir).filter((name) => name.endsWith('.json')).sort().map((name) => join(reportDir, name)) : []
  return { ok: true, value: { dir, result, ledgerPath, trackingPath, reportPaths } }
}

/** Reads one campaign's report; a broken file is an error value, not a throw. */
export function readReport(path: string): Loaded<DispatcherReport> {
  try {
    return { ok: true, value: JSON.parse(readFileSync(path, 'utf8')) as DispatcherReport }
  } catch (error) {
    return { ok: false, error: `Failed to read ${path}: ${(error as Error).message}` }
  }
}
