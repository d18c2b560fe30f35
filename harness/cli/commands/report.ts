import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { Argv } from 'yargs'
import { renderConsoleSummary } from '../../../reports/console.ts'
import { renderMarkdown } from '../../../reports/markdown.ts'
import { RUN_RESULT_VERSION, type RunResult } from '../../result/run-result.ts'
import { usageError } from '../exit-codes.ts'
import type { CliIo } from '../io.ts'

const FORMATS = ['console', 'markdown', 'json'] as const

/** `pushsim report <run-dir|run-result.json>`: re-renders a saved run offline, from its run result alone. */
export function reportCommand(io: CliIo) {
  return {
    command: 'report <run>',
    describe: 'Re-render a saved run (its directory or run-result.json) as console text, Markdown or JSON',
    builder: (yargs: Argv) =>
      yargs
        .positional('run', { type: 'string', demandOption: true, describe: 'a run directory, or its run-result.json' })
        .option('format', { type: 'string', default: 'console', describe: `one of ${FORMATS.join(', ')}` })
        .example('$0 report runs/quickstart-2026-12-03T10-00-00-000Z --format markdown >> "$GITHUB_STEP_SUMMARY"', 'a CI step summary'),
    handler: (argv: { run: string; format: string }) => {
      if (!(FORMATS as readonly string[]).includes(argv.format)) throw usageError(`--format must be one of ${FORMATS.join(', ')}, got ${argv.format}`, "Run 'pushsim report --help'.")
      const path = existsSync(argv.run) && statSync(argv.run).isDirectory() ? join(argv.run, 'run-result.json') : argv.run
      if (!existsSync(path)) throw usageError(`Failed to read ${path}: no such file.`, 'Pass a run directory that `pushsim run` wrote, or its run-result.json.')
      let result: RunResult
      try {
        result = JSON.parse(readFileSync(path, 'utf8')) as RunResult
      } catch (error) {
        throw usageError(`Failed to read ${path}: ${(error as Error).message}.`)
      }
      if (result.version !== RUN_RESULT_VERSION) throw usageError(`Failed to read ${path}: run result version ${String(result.version)}, this pushsim reads version ${RUN_RESULT_VERSION}.`)
      const runDir = path.endsWith('run-result.json') ? path.slice(0, -'run-result.json'.length - 1) || '.' : argv.run
      io.out(argv.format === 'json' ? JSON.stringify(result, null, 2) + '\n' : argv.format === 'markdown' ? renderMarkdown(result) : renderConsoleSummary(result, runDir))
    },
  }
}
