import type { Argv } from 'yargs'
import { DEFAULT_PORTS, DEFAULT_STATE_DIR, startSimulators, type PortName, type Simulators } from '../../../simulators/serve.ts'
import { DEFAULT_LEDGER_CAPACITY } from '../../../simulators/ledger/index.ts'
import { adminTokenProblem } from '../../../simulators/admin/access.ts'
import { renderBanner } from '../banner.ts'
import { initialFaults } from '../initial-faults.ts'
import { CliFailure, ExitCode, usageError } from '../exit-codes.ts'
import type { CliIo } from '../io.ts'
import { numberOption } from '../number-option.ts'
import { adminTokenOf } from './admin-option.ts'
import { startUi, withUiOptions, type StartedDashboard } from '../../ui/cli.ts'
import { PORT_FLAGS } from '../port-flags.ts'
import { shorthandReference } from '../shorthand-reference.ts'

/** Why a state directory could not be used, by the errno its first write ended with. */
const STATE_DIR_ERRORS: Record<string, string> = {
  ENOTDIR: 'a part of the path is a file, not a directory',
  EEXIST: 'a file of that name is in the way',
  EISDIR: 'a directory is where a file should be',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  ENAMETOOLONG: 'the path is too long',
}

export function serveCommand(io: CliIo) {
  return {
    command: 'serve',
    describe: 'Start the APNs, FCM and Web Push simulators and the admin API on loopback',
    builder: (yargs: Argv) => {
      let built = yargs
        .option('host', { type: 'string', default: '127.0.0.1', describe: 'Address to listen on (beyond loopback, the admin API needs --admin-token)' })
        .option('admin-host', { type: 'string', describe: 'Address of the admin API (default: --host)' })
        // No yargs default: --help would print the token from the environment.
        .option('admin-token', { type: 'string', describe: 'Every admin request must carry Authorization: Bearer <token> (default: $PUSHSIM_ADMIN_TOKEN; the environment keeps it out of ps)' })
        .option('state-dir', { type: 'string', default: io.env.PUSHSIM_STATE_DIR ?? DEFAULT_STATE_DIR, describe: 'TLS material, credentials, registry and ledger' })
        .option('seed', { type: 'string', describe: 'Seed for every id and random draw (printed; random when absent)' })
        .option('apns-env', { choices: ['sandbox', 'production'] as const, default: 'sandbox' as const, describe: 'APNs environment when :authority names neither Apple host' })
        .option('apns-max-streams', { type: 'string', default: '1000', coerce: numberOption('apns-max-streams', { integer: true, min: 1 }), describe: 'SETTINGS_MAX_CONCURRENT_STREAMS after the first valid provider token' })
        .option('apns-token-limit', { type: 'string', coerce: numberOption('apns-token-limit', { integer: true, min: 1 }), describe: 'Per device token: more pushes than this per --apns-token-window get 429 TooManyRequests (default: no limit)' })
        .option('apns-token-window', { type: 'string', default: '60', coerce: numberOption('apns-token-window', { above: 0 }), describe: 'Seconds of the per-token window' })
        .option('ledger-capacity', { type: 'string', default: String(DEFAULT_LEDGER_CAPACITY), coerce: numberOption('ledger-capacity', { integer: true, min: 1 }), describe: 'Exchanges kept in memory (the NDJSON file keeps all)' })
        .option('ledger-file', { type: 'boolean', default: true, describe: 'Append every exchange to <state-dir>/ledger.ndjson' })
        .option('faults', { type: 'string', describe: 'A fault plan file (.json, .yaml, .ts) active from the start' })
        .option('fault', { type: 'string', array: true, describe: "A fault in shorthand, repeatable: 'apns:error=Unregistered:p=0.05'" })
        .option('time-scale', { type: 'string', coerce: numberOption('time-scale', { above: 0, max: 1 }), describe: 'Multiply every injected duration (0.01: a 10 s outage lasts 100 ms)' })
        .option('json', { type: 'boolean', default: false, describe: 'Print one JSON line with every endpoint once listening' })
      for (const [name, flag] of Object.entries(PORT_FLAGS)) {
        built = built.option(flag, { type: 'string', default: String(DEFAULT_PORTS[name as PortName]), coerce: numberOption(flag, { integer: true, min: 0, max: 65_535 }), describe: `Port of ${name} (0: any free port)` })
      }
      built = withUiOptions(built)
        .example('$0 serve', 'the simulators on their default ports, and snippets that work as pasted')
        .example("$0 serve --fault 'fcm:error=UNAVAILABLE:first=2' --seed demo", 'with a fault from the start, and a fixed seed')
        .epilogue(shorthandReference())
      // Ports, scale, limits and capacity are checked where they are read (numberOption).
      return built.check((argv) => {
        const tokenProblem = typeof argv['admin-token'] === 'string' ? adminTokenProblem(argv['admin-token']) : undefined
        if (tokenProblem !== undefined) throw usageError(`--admin-token: ${tokenProblem}`, 'Use e.g. `openssl rand -hex 32`.')
        return true
      })
    },
    handler: async (argv: Record<string, unknown>) => {
      const ports = Object.fromEntries(Object.entries(PORT_FLAGS).map(([name, flag]) => [name, argv[flag] as number])) as Record<PortName, number>
      const plan = await initialFaults(argv.faults as string | undefined, (argv.fault as string[] | undefined) ?? [])
      const timeScale = (argv['time-scale'] as number | undefined) ?? plan.timeScale
      const seed = (argv.seed as string | undefined) ?? plan.seed
      const adminToken = adminTokenOf(argv, io)
      let sims: Simulators
      try {
        sims = await startSimulators({
          host: argv.host as string,
          ...(argv['admin-host'] === undefined ? {} : { adminHost: argv['admin-host'] as string }),
          ...(adminToken === undefined ? {} : { adminToken }),
          ports,
          stateDir: argv['state-dir'] as string,
          ...(seed === undefined ? {} : { seed }),
          ...(timeScale === undefined ? {} : { timeScale }),
          ...(plan.faults.length === 0 ? {} : { faults: plan.faults }),
          ledgerCapacity: argv['ledger-capacity'] as number,
          ledgerFile: argv['ledger-file'] as boolean,
          apns: {
            defaultEnvironment: argv['apns-env'] as 'sandbox' | 'production',
            maxConcurrentStreams: argv['apns-max-streams'] as number,
            ...(argv['apns-token-limit'] === undefined ? {} : { tokenRateLimit: { limit: argv['apns-token-limit'] as number, windowMs: (argv['apns-token-window'] as number) * 1000 } }),
          },
        })
      } catch (error) {
        const err = error as NodeJS.ErrnoException
        if (err.code === 'PUSHSIM_BAD_PLAN') throw usageError(err.message, 'pushsim faults and the README describe the fault language.')
        // Refused before anything listened: an admin API beyond loopback without a token.
        if (err.code === 'ADMIN_TOKEN_REQUIRED') throw new CliFailure(ExitCode.START_FAILED, err.message, (err as { hint?: string }).hint)
        // A PUSHSIM_ADMIN_TOKEN the flag check did not see.
        if (err.code === 'INVALID_ARGUMENT') throw usageError(err.message, (err as { hint?: string }).hint)
        if (err.code === 'EADDRINUSE') throw new CliFailure(ExitCode.START_FAILED, `Failed to start: ${err.message}.`, 'Another pushsim may be running; stop it or pass --<name>-port (0 picks a free port).')
        if (err.syscall === 'listen' || err.syscall === 'bind') throw new CliFailure(ExitCode.START_FAILED, `Failed to start: ${err.message}.`, 'Pass other ports (--<name>-port, 0 picks a free port) or another --host.')
        if (err.code !== undefined && STATE_DIR_ERRORS[err.code] !== undefined) {
          const stateDir = argv['state-dir'] as string
          const at = err.path !== undefined && err.path !== stateDir ? ` (at ${err.path})` : ''
          throw new CliFailure(ExitCode.START_FAILED, `Failed to use the state directory ${stateDir}${at}: ${STATE_DIR_ERRORS[err.code]} (${err.code}).`, 'Pass a writable --state-dir (or set PUSHSIM_STATE_DIR).')
        }
        throw error
      }
      let ui: StartedDashboard | undefined
      try {
        ui = argv.ui ? await startUi(argv['ui-port'] as number, adminToken) : undefined
      } catch (error) {
        await sims.close()
        throw error
      }
      ui?.dashboard.attach(sims)
      if (argv.json) io.out(JSON.stringify({ seed: sims.seed, timeScale: sims.faults.timeScale, faults: sims.faults.list().length, stateDir: sims.stateDir, caPath: sims.tls.caPath, ledgerPath: sims.ledger.path ?? null, endpoints: sims.endpoints, ...(ui ? { dashboard: ui.openUrl } : {}) }) + '\n')
      else io.out(renderBanner(sims, process.cwd(), { tokenRequired: adminToken !== undefined }) + (ui ? `\n${ui.line}\n` : ''))
      const signal = await io.untilStopped()
      await ui?.dashboard.close()
      await sims.close()
      if (!argv.json) io.err(`pushsim: ${signal}: stopped; ${sims.ledger.recorded} exchanges recorded${sims.ledger.path ? ` in ${sims.ledger.path}` : ''}.\n`)
    },
  }
}
