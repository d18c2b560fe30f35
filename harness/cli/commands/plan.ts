import type { Argv } from 'yargs'
import { loadScenario } from '../../../scenarios/load.ts'
import { renderSummary, summarise } from '../../../scenarios/summary.ts'
import type { CliIo } from '../io.ts'
import { scenarioProblems } from '../scenario-problems.ts'

/**
 * `pushsim plan <scenario>`: what a scenario would run, without opening a
 * socket: audience make-up, phases on the calendar, faults, load curve,
 * expected deliveries and thresholds. A bad scenario lists every problem
 * with its path and exits 2.
 */
export function planCommand(io: CliIo) {
  return {
    command: 'plan <scenario>',
    describe: 'Show what a scenario (.scenario.ts, .json, .yaml) would run, without running it',
    builder: (yargs: Argv) =>
      yargs
        .positional('scenario', { type: 'string', demandOption: true, describe: 'the scenario file' })
        .option('json', { type: 'boolean', default: false, describe: 'print the plan summary as JSON' })
        .option('seed', { type: 'string', describe: "override the scenario's seed" })
        .example('$0 plan scenarios/library/quickstart.scenario.ts', 'its audience, calendar, faults and expected deliveries'),
    handler: async (argv: { scenario: string; json: boolean; seed?: string }) => {
      const result = await loadScenario(argv.scenario, argv.seed === undefined ? {} : { seed: argv.seed })
      if (!result.ok) throw scenarioProblems(argv.scenario, result.problems)
      const summary = summarise(result.plan)
      io.out(argv.json ? JSON.stringify(summary, null, 2) + '\n' : renderSummary(summary))
    },
  }
}
