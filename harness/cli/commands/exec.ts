import type { Argv } from 'yargs'
import { openExecSession } from '../../exec/exec-session.ts'
import { runProgram } from '../../exec/run-program.ts'
import { CliFailure, ExitCode, usageError } from '../exit-codes.ts'
import { initialFaults } from '../initial-faults.ts'
import type { CliIo } from '../io.ts'
import { adminTokenOf } from './admin-option.ts'

interface ExecArgs {
  program?: string[]
  _: (string | number)[]
  admin?: string
  'admin-token'?: string
  'state-dir'?: string
  seed?: string
  fault?: string[]
  faults?: string
  proxy: boolean
}

export function execCommand(io: CliIo) {
  return {
    command: 'exec [program..]',
    describe: "Run an unmodified program with its APNs, FCM and Web Push traffic sent to the simulators, the providers' host names kept (Node: a preload; other runtimes: --proxy)",
    builder: (yargs: Argv) =>
      yargs
        .positional('program', { type: 'string', array: true, describe: 'The command and its arguments, after --' })
        .option('admin', { type: 'string', describe: 'Admin API of running simulators to use (default: $PUSHSIM_ADMIN; else fresh simulators on free ports, stopped when the program exits)' })
        .option('admin-token', { type: 'string', describe: 'Bearer token of an admin API started with one (default: $PUSHSIM_ADMIN_TOKEN)' })
        .option('state-dir', { type: 'string', describe: 'Fresh simulators: keep TLS material, credentials and the ledger here (default: a temporary directory, removed)' })
        .option('seed', { type: 'string', describe: 'Fresh simulators: seed for every id and random draw' })
        .option('fault', { type: 'string', array: true, describe: "Fresh simulators: a fault in shorthand, repeatable: 'apns:error=Unregistered:first=1'" })
        .option('faults', { type: 'string', describe: 'Fresh simulators: a fault plan file (.json, .yaml, .ts)' })
        .option('proxy', { type: 'boolean', default: false, describe: 'Also run an HTTPS CONNECT proxy and set HTTPS_PROXY and the CA variables (Python, Go, curl…); without a program, print them and serve until stopped' })
        .example('$0 exec -- node send.js', 'send.js talks to api.push.apple.com, fcm.googleapis.com…; fresh simulators answer')
        .example('$0 exec --admin http://127.0.0.1:7770 -- npm test', 'the running simulators (pushsim serve) answer; their ledger records it')
        .example("$0 exec --fault 'apns:error=Unregistered:first=1' -- node send.js", 'the first APNs push gets 410 Unregistered')
        .example('$0 exec --proxy -- python send.py', 'a Python program, through HTTPS_PROXY, trusting the CA through SSL_CERT_FILE / REQUESTS_CA_BUNDLE'),
    handler: async (argv: ExecArgs) => {
      // Everything after `--` is the program's, flags included.
      const words = [...(argv.program ?? []), ...argv._.slice(1).map(String)]
      const [command, ...args] = words
      if (command === undefined && !argv.proxy) throw usageError('Name the program to run, after --: pushsim exec -- node send.js')
      const adminUrl = argv.admin ?? io.env.PUSHSIM_ADMIN
      const running = adminUrl !== undefined && adminUrl !== ''
      const freshOnly = ['state-dir', 'seed', 'fault', 'faults'].filter((name) => argv[name as keyof ExecArgs] !== undefined)
      if (running && freshOnly.length > 0) throw usageError(`--${freshOnly.join(', --')} shape fresh simulators; with --admin the running ones answer as they are.`, 'Omit --admin to start fresh simulators, or set faults with `pushsim faults`.')
      const plan = running ? undefined : await initialFaults(argv.faults, argv.fault ?? [])
      const adminToken = adminTokenOf(argv, io)
      const session = await openExecSession({
        ...(running ? { admin: { url: adminUrl, ...(adminToken === undefined ? {} : { token: adminToken }) } } : {}),
        fresh: {
          ...(argv['state-dir'] === undefined ? {} : { stateDir: argv['state-dir'] }),
          ...((argv.seed ?? plan?.seed) === undefined ? {} : { seed: (argv.seed ?? plan?.seed)! }),
          ...(plan === undefined ? {} : { faults: plan.faults }),
          ...(plan?.timeScale === undefined ? {} : { timeScale: plan.timeScale }),
        },
        proxy: argv.proxy,
        env: io.env,
        onRefused: (hostPort) => io.err(`pushsim exec: refused a connection to ${hostPort}: not a push provider's host\n`),
      })
      try {
        if (command === undefined) return await serveProxyOnly(io, session.env, session.proxy!.url)
        const end = await runProgram(command, args, session.env, io.untilStopped())
        if (!end.ok) {
          const hint = end.error.code === 'ENOENT' ? 'Is it on PATH? Name it as a shell would (pushsim exec -- node send.js).' : undefined
          throw new CliFailure(ExitCode.START_FAILED, `Failed to start ${command}: ${end.error.message}.`, hint)
        }
        const recorded = session.simulators.recorded()
        if (recorded !== undefined) {
          const where = session.simulators.ledgerPath ?? 'a temporary state directory (pass --state-dir to keep it)'
          io.err(`pushsim exec: ${recorded} exchanges recorded in ${where}\n`)
        }
        // The program's exit code is pushsim's: a test runner under exec fails the build as it would alone.
        if (end.exitCode !== 0) throw new CliFailure(end.exitCode as ExitCode, `${command} exited with code ${end.exitCode}${end.signal ? ` (${end.signal})` : ''}.`)
      } finally {
        await session.close()
      }
    },
  }
}

/** `pushsim exec --proxy` without a program: the variables to export, then serve until stopped. */
async function serveProxyOnly(io: CliIo, env: Record<string, string>, proxyUrl: string): Promise<void> {
  const names = ['HTTPS_PROXY', 'SSL_CERT_FILE', 'REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE', 'NODE_EXTRA_CA_CERTS', 'NODE_OPTIONS', 'PUSHSIM_EXEC_ROUTES', 'PUSHSIM_ADMIN']
  io.out(names.map((name) => `export ${name}='${env[name]!.replaceAll("'", "'\\''")}'`).join('\n') + '\n')
  io.err(`pushsim exec: CONNECT proxy at ${proxyUrl}; Ctrl-C stops it\n`)
  await io.untilStopped()
}
