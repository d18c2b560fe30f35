import type { Argv } from 'yargs'
import { startDispatcher } from '../../../dispatcher/app.ts'
import { createVirtualClock } from '../../../dispatcher/engine/virtual-clock.ts'
import { DEFAULT_ADMIN_URL } from '../admin-client.ts'
import { providersFromPushsim, readConfigFile } from '../dispatcher-config.ts'
import { adminTokenOf } from './admin-option.ts'
import { CliFailure, ExitCode, usageError } from '../exit-codes.ts'
import type { CliIo } from '../io.ts'
import { numberOption } from '../number-option.ts'

/** `pushsim dispatcher serve`: the reference dispatcher's HTTP API (dispatcher/api/openapi.yaml). */
export function dispatcherCommand(io: CliIo) {
  return {
    command: 'dispatcher <action>',
    describe: "Run pushsim's reference dispatcher (the default system under test)",
    builder: (yargs: Argv) =>
      yargs
        .positional('action', { choices: ['serve'] as const, demandOption: true, describe: 'serve: start its HTTP API and work until Ctrl-C' })
        .option('config', { type: 'string', describe: 'A JSON DispatcherConfig (providers, credentials, settings) for real providers' })
        .option('pushsim', { type: 'string', describe: `Configure the providers from running simulators' admin API (default ${DEFAULT_ADMIN_URL} when no --config)` })
        .option('admin-token', { type: 'string', describe: 'Bearer token of that admin API (default: $PUSHSIM_ADMIN_TOKEN)' })
        .option('database', { type: 'string', default: '.pushsim/dispatcher.db', describe: 'SQLite database file' })
        .option('host', { type: 'string', default: '127.0.0.1', describe: 'Address the HTTP API listens on' })
        .option('port', { type: 'string', default: '7780', coerce: numberOption('port', { integer: true, min: 0, max: 65_535 }), describe: 'HTTP API port (0: any free port)' })
        .option('seed', { type: 'string', default: 'dispatcher', describe: 'Seed for its ids and random draws (retry jitter)' })
        .option('time-scale', { type: 'string', coerce: numberOption('time-scale', { above: 0, max: 1 }), describe: "Run faster: the run clock's scale in (0, 1], wall ms per virtual ms (0.01: 100 times faster); PUT /clock changes it" })
        .option('clock', { type: 'string', describe: "Start the run clock at this virtual instant (ISO 8601; default now): a restart on a database with campaigns cannot move it back later" })
        .option('json', { type: 'boolean', default: false, describe: 'Print one JSON line once listening' })
        .example('$0 dispatcher serve', 'the reference dispatcher, with the providers of the simulators `pushsim serve` started')
        .example('$0 dispatcher serve --port 0 --database /tmp/d.db --json', 'on a free port with a fresh database; prints its URL as JSON')
        // --port and --time-scale are checked where they are read (numberOption).
        .check((argv) => {
          if (argv.clock !== undefined && Number.isNaN(Date.parse(argv.clock as string))) throw usageError(`--clock must be an ISO 8601 instant, got ${String(argv.clock)}`)
          return true
        }),
    handler: async (argv: { config?: string; pushsim?: string; 'admin-token'?: string; database: string; host: string; port: number; seed: string; 'time-scale'?: number; clock?: string; json: boolean }) => {
      const file = argv.config ? readConfigFile(argv.config) : {}
      const adminToken = adminTokenOf(argv, io)
      const providers = file.providers ?? (await providersFromPushsim({ url: argv.pushsim ?? io.env.PUSHSIM_ADMIN ?? DEFAULT_ADMIN_URL, ...(adminToken === undefined ? {} : { token: adminToken }) }))
      const timeScale = argv['time-scale'] ?? file.settings?.timeScale
      let app
      try {
        app = await startDispatcher({
          database: file.database ?? argv.database,
          seed: file.seed ?? argv.seed,
          providers,
          settings: { ...file.settings, ...(timeScale === undefined ? {} : { timeScale }) },
          http: { host: argv.host, port: argv.port },
        }, argv.clock === undefined ? undefined : createVirtualClock({ startMs: Date.parse(argv.clock), timeScale: timeScale ?? 1 }))
      } catch (error) {
        // A config file's settings.timeScale outside (0, 1]: the clock refuses it before anything opens.
        if (error instanceof RangeError) throw usageError(error.message)
        const err = error as NodeJS.ErrnoException
        if (err.code === 'EADDRINUSE') throw new CliFailure(ExitCode.START_FAILED, `Failed to start the dispatcher: port ${argv.port} on ${argv.host} is already in use.`, 'Stop what listens there, or pass --port <n> (--port 0 picks a free port).')
        if (err.code === 'EACCES') throw new CliFailure(ExitCode.START_FAILED, `Failed to start the dispatcher: not allowed to listen on ${argv.host}:${argv.port}.`, 'Pass another --port (--port 0 picks a free port).')
        throw error
      }
      const url = app.server!.url
      io.out(argv.json ? JSON.stringify({ url, database: file.database ?? argv.database }) + '\n' : `pushsim dispatcher: ${url} (API: dispatcher/api/openapi.yaml), database ${file.database ?? argv.database}\n`)
      const signal = await io.untilStopped()
      await app.close()
      if (!argv.json) io.err(`pushsim dispatcher: ${signal}: stopped.\n`)
    },
  }
}
