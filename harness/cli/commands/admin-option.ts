import type { Argv } from 'yargs'
import { DEFAULT_ADMIN_URL, type AdminTarget } from '../admin-client.ts'
import type { CliIo } from '../io.ts'

/** `--admin`, `--admin-token` and `--json`, shared by every command that talks to a running simulator. */
export function withAdmin<T>(yargs: Argv<T>, io: CliIo) {
  return (
    yargs
      .option('admin', { type: 'string', default: io.env.PUSHSIM_ADMIN ?? DEFAULT_ADMIN_URL, describe: 'Admin API of the running simulators' })
      // No yargs default: --help would print the token from the environment.
      .option('admin-token', { type: 'string', describe: 'Bearer token of an admin API started with one (default: $PUSHSIM_ADMIN_TOKEN)' })
      .option('json', { type: 'boolean', default: false, describe: 'Machine-readable output' })
  )
}

/** The admin API a command talks to: --admin, and the token from --admin-token or PUSHSIM_ADMIN_TOKEN. */
export function adminOf(argv: { admin?: unknown; 'admin-token'?: unknown }, io: CliIo): AdminTarget {
  const token = adminTokenOf(argv, io)
  return { url: argv.admin as string, ...(token === undefined ? {} : { token }) }
}

/** --admin-token, else PUSHSIM_ADMIN_TOKEN; an empty value means none. */
export function adminTokenOf(argv: { 'admin-token'?: unknown }, io: CliIo): string | undefined {
  const token = (argv['admin-token'] as string | undefined) ?? io.env.PUSHSIM_ADMIN_TOKEN
  return token === undefined || token === '' ? undefined : token
}

export function printJsonOr(io: CliIo, json: boolean, value: unknown, text: () => string): void {
  io.out(json ? JSON.stringify(value) + '\n' : text())
}
