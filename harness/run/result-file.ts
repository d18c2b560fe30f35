import { writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { RunResult } from '../result/run-result.ts'

/** Writes the run result into the run directory as run-result.json; returns its path. */
export function writeRunResult(outDir: string, result: RunResult): string {
  const path = join(resolve(outDir), 'run-result.json')
  writeFileSync(path, JSON.stringify(result, null, 2) + '\n')
  return path
}
