import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Argv } from 'yargs'
import { FORMATS, renderFormat, type Format } from '../../../reports/formats.ts'
import { RUN_RESULT_VERSION, type RunResult } from '../../result/run-result.ts'
import { didYouMean } from '../did-you-mean.ts'
import { usageError } from '../exit-codes.ts'
import type { CliIo } from '../io.ts'

/** `pushsim report <run-dir|run-result.json>`: re-renders a saved run offline, from its run result alone, as the run wrote it. */
export function reportCommand(io: CliIo) {
  return {
    command: 'report <run>',
    describe: 'Re-render a saved run (its directory or run-result.json) as console text, Markdown, JSON, JUnit XML or HTML',
    builder: (yargs: Argv) =>
      yargs
        .positional('run', { type: 'string', demandOption: true, describe: 'a run directory, or its run-result.json' })
        .option('format', { type: 'string', default: 'console', describe: `one of ${FORMATS.join(', ')}` })
        .option('out', { type: 'string', describe: 'write to this file instead of standard output' })
        .example('$0 report runs/quickstart-2026-12-03T10-00-00-000Z --format markdown >> "$GITHUB_STEP_SUMMARY"', 'a CI step summary')
        .example('$0 report runs/quickstart-2026-12-03T10-00-00-000Z --format html --out report.html', 'the HTML report, self-contained'),
    handler: (argv: { run: string; format: string; out?: string }) => {
      if (!(FORMATS as readonly string[]).includes(argv.format)) throw usageError(`--format must be one of ${FORMATS.join(', ')}, got ${argv.format}${didYouMean(argv.format, FORMATS)}`)
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
      const text = renderFormat(result, argv.format as Format, runDir)
      if (argv.out === undefined) return io.out(text)
      try {
        writeFileSync(argv.out, text)
      } catch (error) {
        throw usageError(`Failed to write ${argv.out}: ${(error as Error).message}.`)
      }
      io.err(`${argv.format} report: ${resolve(argv.out)}\n`)
    },
  }
}
