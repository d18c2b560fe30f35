import { join, resolve } from 'node:path'
import type { Argv } from 'yargs'
import { renderConsoleSummary } from '../../../reports/console.ts'
import { writeReports } from '../../../reports/formats.ts'
import { DEFAULT_PORTS, DEFAULT_STATE_DIR, type PortName } from '../../../simulators/serve.ts'
import { knownCases } from '../../conformance/case-index.ts'
import { renderCaseList } from '../../conformance/case-list.ts'
import { loadCatalogue } from '../../conformance/catalogue.ts'
import { parseInterpretations } from '../../conformance/interpretation-flags.ts'
import { runConformance } from '../../conformance/run-conformance.ts'
import type { SuiteTarget } from '../../conformance/run-entry.ts'
import { selectSuite } from '../../conformance/selection.ts'
import { CliFailure, ExitCode, usageError } from '../exit-codes.ts'
import type { CliIo } from '../io.ts'
import { numberOption } from '../number-option.ts'
import { PORT_FLAGS } from '../port-flags.ts'

interface Args {
  dispatcher?: string
  only?: string
  strict: boolean
  list: boolean
  interpretation: string[]
  out?: string
  json: boolean
  stateDir: string
  [flag: string]: unknown
}

/**
 * `pushsim conformance`: the built-in catalogue (scenarios/conformance/)
 * run against the reference dispatcher or the one at --dispatcher, judged
 * by the oracle, one run result for the whole suite. Exit 0 when green, 8
 * when a case failed (or an entry did not finish), 2 for usage errors.
 */
export function conformanceCommand(io: CliIo) {
  return {
    command: 'conformance',
    describe: 'Run the conformance catalogue against a dispatcher and judge it against push-semantics.md',
    builder: (yargs: Argv) => {
      let built = yargs
        .option('dispatcher', { type: 'string', describe: 'the URL of your dispatcher (default: the reference dispatcher, in this process). It must use the simulators on the ports below and the credentials of --state-dir' })
        .option('only', { type: 'string', describe: 'only cases whose id contains this, or matches it with * wildcards (retry.*); runs only the entries that judge them' })
        .option('strict', { type: 'boolean', default: false, describe: 'fail on strict cases too (behaviour the law only recommends)' })
        .option('list', { type: 'boolean', default: false, describe: 'print every case with its source and the entries that cover it; runs nothing' })
        .option('interpretation', { type: 'string', array: true, default: [] as string[], describe: 'name=value: read an interpretation of push-semantics.md otherwise (repeatable; --list shows them)' })
        .option('out', { type: 'string', describe: 'the suite directory: run-result.json, one run directory per entry under entries/ (default runs/conformance-<time>)' })
        .option('json', { type: 'boolean', default: false, describe: 'print the run result as JSON' })
        .option('state-dir', { type: 'string', default: DEFAULT_STATE_DIR, describe: "with --dispatcher: the simulators' state directory your dispatcher took its credentials from" })
        .example('$0 conformance', 'the whole catalogue against the reference dispatcher')
        .example("$0 conformance --dispatcher http://127.0.0.1:8080 --only 'retry.*'", 'the retry cases against your own dispatcher')
      for (const [name, flag] of Object.entries(PORT_FLAGS)) {
        built = built.option(flag, { type: 'string', default: String(DEFAULT_PORTS[name as PortName]), coerce: numberOption(flag, { integer: true, min: 1, max: 65_535 }), describe: `with --dispatcher: port of ${name}` })
      }
      return built
    },
    handler: async (argv: Args) => {
      const interpretations = parseInterpretations(argv.interpretation)
      if (!interpretations.ok) throw usageError(interpretations.error)
      if (argv.list) return io.out(await listing(argv.only))
      const target = targetOf(argv)
      // A pattern that matches no case is refused before anything starts.
      if (argv.only !== undefined) await listing(argv.only)
      const outDir = resolve(argv.out ?? join('runs', `conformance-${new Date().toISOString().replace(/[:.]/g, '-')}`))
      const controller = new AbortController()
      void io.untilStopped().then(() => controller.abort())
      if (!argv.json) io.err(`pushsim conformance against ${target.kind === 'external' ? target.url : 'the reference dispatcher'}: suite directory ${outDir}\n`)
      const ran = await runConformance({
        target,
        ...(argv.only === undefined ? {} : { only: argv.only }),
        strict: argv.strict,
        interpretations: interpretations.value,
        outDir,
        signal: controller.signal,
        ...(argv.json ? {} : { onEntry: (entry) => io.err(`  ${entry.status === 'passed' ? '✓' : entry.status === 'skipped' ? '–' : '✗'} ${entry.id} (${(entry.wallMs / 1000).toFixed(1)} s)${entry.reason ? `: ${entry.reason}` : ''}\n`) }),
      })
      if (!ran.ok) throw usageError(ran.error)
      const result = ran.value
      // The suite's reports (JUnit for CI above all), all written before the exit code, as pushsim run does.
      const paths = writeReports(outDir, result)
      io.out(argv.json ? JSON.stringify(result) + '\n' : renderConsoleSummary(result, outDir))
      if (!argv.json) io.err(`reports: ${paths.html}, ${paths.junit}, ${paths.markdown}, ${paths.console}\n`)
      if (result.status !== 'passed') throw new CliFailure(ExitCode.CONFORMANCE_FAILED, `conformance ${result.status}: ${result.message}`)
    },
  }
}

async function listing(only: string | undefined): Promise<string> {
  const catalogue = await loadCatalogue()
  if (!catalogue.ok) throw usageError(catalogue.error)
  const selected = selectSuite(await knownCases(), catalogue.value, only)
  if (!selected.ok) throw usageError(selected.error)
  return renderCaseList(selected.value.cases, catalogue.value)
}

function targetOf(argv: Args): SuiteTarget {
  if (argv.dispatcher === undefined) return { kind: 'reference' }
  let url: URL | undefined
  try {
    url = new URL(argv.dispatcher)
  } catch {
    // the usage error below
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) throw usageError(`--dispatcher must be the http(s) URL of your dispatcher, got ${JSON.stringify(argv.dispatcher)}`)
  const ports = Object.fromEntries(Object.entries(PORT_FLAGS).map(([name, flag]) => [name, argv[flag] as number])) as Record<PortName, number>
  return { kind: 'external', url: argv.dispatcher, ports, stateDir: resolve(argv.stateDir) }
}
