import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Argv } from 'yargs'
import { LIBRARIES } from '../../matrix/adapters/index.ts'
import { PROBES } from '../../matrix/probes/index.ts'
import { renderMatrixHtml } from '../../matrix/render-html.ts'
import { renderMatrixMarkdown } from '../../matrix/render-markdown.ts'
import { replaceReadmeSection } from '../../matrix/readme-section.ts'
import { runMatrix } from '../../matrix/run-matrix.ts'
import { CliFailure, ExitCode, usageError } from '../exit-codes.ts'
import type { CliIo } from '../io.ts'
import { numberOption } from '../number-option.ts'

interface Args {
  only: string[]
  out?: string
  json: boolean
  readme?: string
  concurrency: number
}

/**
 * `pushsim matrix`: real push libraries, each through a thin adapter in its
 * own process under pushsim exec, against one provider failure per cell;
 * writes matrix.md and matrix.html. A `fail` verdict is a finding about a
 * library, not a failure of the command: exit 0 unless a cell could not run.
 */
export function matrixCommand(io: CliIo) {
  return {
    command: 'matrix',
    describe: 'Measure real push libraries (apns2, @parse/node-apn, firebase-admin, web-push, …) under provider failures: a verdict per library and behaviour, with its ledger evidence',
    builder: (yargs: Argv) =>
      yargs
        .option('only', { type: 'string', array: true, default: [] as string[], describe: `only these libraries or behaviours, repeatable (libraries: ${LIBRARIES.map((library) => library.id).join(', ')}; behaviours: ${PROBES.map((probe) => probe.id).join(', ')})` })
        .option('out', { type: 'string', describe: 'directory for matrix.md, matrix.html and matrix.json (default runs/matrix-<time>)' })
        .option('json', { type: 'boolean', default: false, describe: 'print the matrix as JSON on stdout' })
        .option('readme', { type: 'string', describe: 'also rewrite the generated section of this Markdown file (between its pushsim matrix markers)' })
        .option('concurrency', { type: 'string', default: '2', coerce: numberOption('concurrency', { integer: true, min: 1, max: 16 }), describe: 'cells run at once (each starts simulators and a library process)' })
        .example('$0 matrix', 'every library against every behaviour; matrix.md and matrix.html under runs/')
        .example("$0 matrix --only '@parse/node-apn' --only stream-limit --out matrix", "one library's cells for one behaviour, into ./matrix")
        .example('$0 matrix --readme README.md', "regenerate the README's table"),
    handler: async (argv: Args) => {
      const { libraries, probes } = select(argv.only)
      const outDir = resolve(argv.out ?? join('runs', `matrix-${new Date().toISOString().replace(/[:.]/g, '-')}`))
      if (!argv.json) io.err(`pushsim matrix: ${libraries.length} libraries × ${probes.length} behaviours into ${outDir}\n`)
      const result = await runMatrix({
        libraries,
        probes,
        concurrency: argv.concurrency,
        ...(argv.json ? {} : { onCell: (cell) => io.err(`  ${cell.library} · ${cell.probe}: ${cell.verdict}: ${cell.summary}\n`) }),
      })
      mkdirSync(outDir, { recursive: true })
      writeFileSync(join(outDir, 'matrix.md'), renderMatrixMarkdown(result))
      writeFileSync(join(outDir, 'matrix.html'), renderMatrixHtml(result))
      writeFileSync(join(outDir, 'matrix.json'), JSON.stringify(result, null, 2) + '\n')
      if (argv.readme !== undefined) {
        const updated = replaceReadmeSection(readFileSync(argv.readme, 'utf8'), result)
        if (!updated.ok) throw usageError(`${argv.readme}: ${updated.error.message}.`, updated.error.hint)
        writeFileSync(argv.readme, updated.value)
      }
      if (argv.json) io.out(JSON.stringify(result) + '\n')
      else io.out(`${result.cells.length} cells in ${(result.durationMs / 1000).toFixed(1)} s: ${tally(result.cells.map((cell) => cell.verdict))}\n${join(outDir, 'matrix.md')}\n${join(outDir, 'matrix.html')}\n`)
      if (result.notInstalled.length > 0) io.err(`pushsim matrix: not installed, left out: ${result.notInstalled.join(', ')}\n`)
      const broken = result.cells.filter((cell) => cell.verdict === 'error')
      if (broken.length > 0) throw new CliFailure(ExitCode.START_FAILED, `${broken.length} cell(s) could not run; first: ${broken[0]!.library} · ${broken[0]!.probe}: ${broken[0]!.summary}`)
    },
  }
}

/** --only names libraries and behaviours exactly (any case); an empty side means all of it. */
function select(only: readonly string[]) {
  const names = only.map((name) => name.toLowerCase())
  const unknown = names.filter((name) => !LIBRARIES.some((library) => library.id.toLowerCase() === name) && !PROBES.some((probe) => probe.id === name))
  if (unknown.length > 0) throw usageError(`--only ${unknown.join(', ')}: no such library or behaviour.`, `Libraries: ${LIBRARIES.map((library) => library.id).join(', ')}. Behaviours: ${PROBES.map((probe) => probe.id).join(', ')}.`)
  const libraries = LIBRARIES.filter((library) => names.includes(library.id.toLowerCase()))
  const probes = PROBES.filter((probe) => names.includes(probe.id))
  return { libraries: libraries.length > 0 ? libraries : LIBRARIES, probes: probes.length > 0 ? probes : PROBES }
}

const tally = (verdicts: readonly string[]): string =>
  [...new Set(verdicts)].map((verdict) => `${verdicts.filter((each) => each === verdict).length} ${verdict}`).join(', ')
