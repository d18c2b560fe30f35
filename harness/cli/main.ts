import { pathToFileURL } from 'node:url'
import yargs from 'yargs'
import { caCommand } from './commands/ca.ts'
import { conformanceCommand } from './commands/conformance.ts'
import { credentialsCommand } from './commands/credentials.ts'
import { dispatcherCommand } from './commands/dispatcher.ts'
import { errorsCommand } from './commands/errors.ts'
import { execCommand } from './commands/exec.ts'
import { faultsCommand } from './commands/faults.ts'
import { ledgerCommand } from './commands/ledger.ts'
import { matrixCommand } from './commands/matrix.ts'
import { planCommand } from './commands/plan.ts'
import { reportCommand } from './commands/report.ts'
import { runCommand } from './commands/run.ts'
import { serveCommand } from './commands/serve.ts'
import { subscribeCommand } from './commands/subscribe.ts'
import { tokenCommand } from './commands/token.ts'
import { tokensCommand } from './commands/tokens.ts'
import { verifyCommand } from './commands/verify.ts'
import { scopeOf, type CommandScope } from './command-scope.ts'
import { CliFailure, ExitCode, usageError } from './exit-codes.ts'
import { providePlanLoader } from '../oracle/rules/scenario-plan.ts'
import { loadScenario } from '../../scenarios/load.ts'
import { processIo, type CliIo } from './io.ts'
import { helpCommand, withDidYouMean } from './usage-help.ts'
import { packageVersion } from './version.ts'

/**
 * Runs the CLI with injected IO and returns the exit code, so tests run
 * every command in-process and assert on output and code.
 */
export async function main(args: readonly string[], io: CliIo = processIo): Promise<ExitCode> {
  // The oracle's rule cases read the scenario's plan as data; loading it runs scenario code, which the oracle may not import.
  providePlanLoader((source, seed) => loadScenario(source, { seed }))
  // Where parsing was when a usage error came: its help is the one to name.
  let scope: CommandScope | undefined
  const parser = yargs([...args])
    .scriptName('pushsim')
    .usage('$0 <command> [options]\n\nSimulated APNs, FCM and Web Push on real sockets, with a ledger of every exchange.')
    .command(serveCommand(io) as never)
    .command(caCommand(io) as never)
    .command(credentialsCommand(io) as never)
    .command(subscribeCommand(io) as never)
    .command(tokensCommand(io) as never)
    .command(tokenCommand(io) as never)
    .command(ledgerCommand(io) as never)
    .command(faultsCommand(io) as never)
    .command(errorsCommand(io) as never)
    .command(dispatcherCommand(io) as never)
    .command(runCommand(io) as never)
    .command(reportCommand(io) as never)
    .command(planCommand(io) as never)
    .command(verifyCommand(io) as never)
    .command(conformanceCommand(io) as never)
    .command(execCommand(io) as never)
    .command(matrixCommand(io) as never)
    .demandCommand(1, 'Name a command (pushsim --help lists them).')
    .strict()
    .help()
    .version(packageVersion() ?? 'unknown')
    // The did-you-mean reads yargs' own messages: the same words whatever the user's LANG.
    .locale('en')
    .middleware(() => void (scope = scopeOf(parser)))
    .wrap(Math.min(110, process.stdout.columns || 110))
    .exitProcess(false)
    // Throwing here stops yargs before any handler runs; errors from handlers pass through as they are.
    // yargs wraps a flag's own check (a coerce that throws) in a YError: that is a usage error too.
    .fail((message, error) => {
      scope = scopeOf(parser)
      if (error === undefined || error === null) throw usageError(withDidYouMean(message, scope, args))
      if (error.name === 'YError') throw usageError(error.message)
      throw error
    })
  try {
    await parser.parseAsync([...args], {}, (_error, _argv, output) => {
      if (output) io.out(output + '\n')
    })
  } catch (error) {
    if (error instanceof CliFailure) {
      const usage = error.exitCode === ExitCode.USAGE ? `  Run '${helpCommand(scope, args)}' for usage.\n` : ''
      io.err(`pushsim: ${error.message}\n${error.hint ? `  hint: ${error.hint}\n` : ''}${usage}`)
      return error.exitCode
    }
    io.err(`pushsim: internal error: ${(error as Error).stack ?? String(error)}\n`)
    return ExitCode.INTERNAL
  }
  return ExitCode.OK
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2))
}
