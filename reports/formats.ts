/**
 * Every format a run renders to, by name, and the files `pushsim run`
 * writes into its run directory: one function for both, so `pushsim
 * report <run> --format X` gives the bytes the run wrote.
 */
import { writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { RunResult } from '../harness/result/run-result.ts'
import { renderConsoleSummary } from './console.ts'
import { renderHtml } from './html/page.ts'
import { renderJunit } from './junit.ts'
import { renderMarkdown } from './markdown.ts'

export const FORMATS = ['console', 'markdown', 'json', 'junit', 'html'] as const
export type Format = (typeof FORMATS)[number]

/** The file each format is written to in a run directory. */
export const REPORT_FILES: Readonly<Record<Format, string>> = { console: 'summary.txt', markdown: 'report.md', json: 'run-result.json', junit: 'junit.xml', html: 'report.html' }

/** `runDir` is named in the console summary only. */
export function renderFormat(result: RunResult, format: Format, runDir: string): string {
  switch (format) {
    case 'console':
      return renderConsoleSummary(result, runDir)
    case 'markdown':
      return renderMarkdown(result)
    case 'json':
      return JSON.stringify(result, null, 2) + '\n'
    case 'junit':
      return renderJunit(result)
    case 'html':
      return renderHtml(result)
  }
}

/** Writes all five formats into the run directory; returns their paths by format. */
export function writeReports(runDir: string, result: RunResult): Record<Format, string> {
  const dir = resolve(runDir)
  const paths = {} as Record<Format, string>
  for (const format of FORMATS) {
    paths[format] = join(dir, REPORT_FILES[format])
    writeFileSync(paths[format], renderFormat(result, format, dir))
  }
  return paths
}
