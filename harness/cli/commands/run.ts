import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Argv } from 'yargs'
import { loadScenario } from '../../../scenarios/load.ts'
import { renderConsoleSummary } from '../../../reports/console.ts'
import { writeReports } from '../../../reports/formats.ts'
import { runScenario, RunSetupError, type RunProgress } from '../../run/run.ts'
import type { DispatcherMode } from '../../run/dispatcher-target.ts'
import { didYouMean } from '../did-you-mean.ts'
import { CliFailure, ExitCode, usageError } from '../exit-codes.ts'
import type { CliIo } from '../io.ts'
import { scenarioProblems } from '../scenario-problems.ts'
import { dashboardRunHooks, startUi, withUiOptions } from '../../ui/cli.ts'
import { adminTokenOf } from './admin-option.ts'

/**
 * `pushsim run <scenario>`: the main job. Runs the scenario against the
 * reference dispatcher (in this process by default, or as a child process)
 * or against the dispatcher at --dispatcher URL, writes run-result.json, the
 * ledger and every report (summary.txt, report.md, junit.xml, report.html)
 * into the run directory, prints a summary, and exits 0 only when the run
 * settled and every threshold held.
 */
export function runCommand(io: CliIo) {
  return {
    command: 'run <scenario>',
    describe: 'Run a scenario end to end against a dispatcher and write run-result.json',
    builder: (yargs: Argv) =>
      withUiOptions(yargs)
        .positional('scenario', { type: 'string', demandOption: true, describe: 'the scenario file (.scenario.ts, .json, .yaml)' })
        .option('dispatcher', { type: 'string', describe: "the dispatcher: 'in-process' (default), 'child' (the reference dispatcher as a child process), or the URL of your own" })
        .option('seed', { type: 'string', describe: "override the scenario's seed" })
        .option('time-scale', { type: 'string', describe: 'override clock.timeScale: a factor on every duration, in (0, 1] (0.01: 100 times faster)' })
        .option('out', { type: 'string', describe: 'the run directory (default runs/<scenario>-<time>)' })
        .option('json', { type: 'boolean', default: false, describe: 'print the run result as JSON instead of the summary' })
        .option('timeout', { type: 'string', default: '600', describe: 'wall seconds after which the run stops and reports what it has' })
        .example('$0 run scenarios/library/quickstart.scenario.ts', 'the quickstart against the reference dispatcher; exit 0 when every threshold held')
        .example('$0 run my.scenario.ts --dispatcher http://127.0.0.1:8080 --out runs/ci', 'against your own dispatcher, into a known run directory'),
    handler: async (argv: { scenario: string; dispatcher?: string; seed?: string; 'time-scale'?: string; out?: string; json: boolean; timeout: string; ui: boolean; 'ui-port': number }) => {
      const timeScale = argv['time-scale'] === undefined ? undefined : Number(argv['time-scale'])
      if (timeScale !== undefined && !(timeScale > 0 && timeScale <= 1)) throw usageError(`--time-scale must be a number in (0, 1], got ${argv['time-scale']}`)
      const timeoutSeconds = Number(argv.timeout)
      if (!(timeoutSeconds > 0)) throw usageError(`--timeout must be a positive number of seconds, got ${argv.timeout}`)
      const dispatcher = dispatcherOf(argv.dispatcher)
      const loaded = await loadScenario(argv.scenario, { ...(argv.seed === undefined ? {} : { seed: argv.seed }), ...(timeScale === undefined ? {} : { timeScale }) })
      if (!loaded.ok) throw scenarioProblems(argv.scenario, loaded.problems)
      const plan = loaded.plan
      const outDir = resolve(argv.out ?? join('runs', `${plan.name}-${new Date().toISOString().replace(/[:.]/g, '-')}`))
      const controller = new AbortController()
      void io.untilStopped().then(() => controller.abort())
      if (!argv.json) io.err(`pushsim run ${plan.name}: seed ${plan.seed}, time scale ${plan.clock.timeScale}, run directory ${outDir}\n`)
      // run has no --admin-token: the dashboard takes PUSHSIM_ADMIN_TOKEN, else makes its own.
      const ui = argv.ui ? await startUi(argv['ui-port'], adminTokenOf({}, io)) : undefined
      if (ui) {
        ui.dashboard.run.started(plan.name)
        io.err(`pushsim run ${plan.name}: ${ui.line}\n`)
      }
      const onProgress = argv.json ? undefined : progressPrinter(io)
      let result
      try {
        result = await runScenario({
          plan,
          source: argv.scenario,
          sourceText: sourceTextOf(argv.scenario),
          outDir,
          dispatcher,
          wallLimitMs: timeoutSeconds * 1000,
          signal: controller.signal,
          ...(ui ? dashboardRunHooks(ui.dashboard, onProgress) : onProgress ? { onProgress } : {}),
        })
        ui?.dashboard.run.ended(result.status, result.message)
      } catch (error) {
        if (error instanceof RunSetupError) throw new CliFailure(error.code === 'SETUP' ? ExitCode.REJECTED : ExitCode.UNREACHABLE, error.message, error.code === 'DISPATCHER_UNREACHABLE' ? 'Start the dispatcher, or check --dispatcher.' : undefined)
        throw error
      } finally {
        await ui?.dashboard.close()
      }
      if (!argv.json && process.stderr.isTTY) io.err('\n')
      // Every report is written before the exit code is decided (k6's rule): a failing run still leaves all five.
      const paths = writeReports(outDir, result)
      io.out(argv.json ? JSON.stringify(result) + '\n' : renderConsoleSummary(result, outDir))
      if (!argv.json) io.err(`run result: ${paths.json}\nreports: ${paths.html}, ${paths.junit}, ${paths.markdown}, ${paths.console}\n`)
      const exit = { passed: ExitCode.OK, 'conformance-failed': ExitCode.CONFORMANCE_FAILED, 'thresholds-failed': ExitCode.THRESHOLDS_FAILED, deadline: ExitCode.NOT_SETTLED, 'dispatcher-failed': ExitCode.UNREACHABLE }[result.status]
      // After the summary: the reason again on stderr, and the run's exit code.
      if (exit !== ExitCode.OK) throw new CliFailure(exit, `run ${result.status}: ${result.message}`)
    },
  }
}

function dispatcherOf(value: string | undefined): { mode: DispatcherMode; url?: string } {
  if (value === undefined || value === 'in-process') return { mode: 'in-process' }
  if (value === 'child') return { mode: 'child' }
  try {
    const url = new URL(value)
    if (url.protocol === 'http:' || url.protocol === 'https:') return { mode: 'external', url: value }
  } catch {
    // falls through to the usage error
  }
  throw usageError(`--dispatcher must be 'in-process', 'child' or an http(s) URL, got ${JSON.stringify(value)}${didYouMean(value, ['in-process', 'child'])}`)
}

function sourceTextOf(path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return path
  }
}

/** A live line on a terminal (rewritten in place), plain lines every 10 s otherwise. */
function progressPrinter(io: CliIo): (progress: RunProgress) => void {
  const tty = process.stderr.isTTY === true
  let last = 0
  return (p) => {
    const line = `${p.phase || 'setup'} · ${p.final}/${p.planned} final · ${p.acceptedPerSecond.toFixed(0)}/s accepted · ${p.errors} errors · ${p.virtualNow}`
    if (tty) io.err(`\r\x1b[2K${line}`)
    else if (Date.now() - last >= 10_000) {
      last = Date.now()
      io.err(`${line}\n`)
    }
  }
}
