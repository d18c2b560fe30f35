import type { Argv } from 'yargs'
import { DEFAULT_ADMIN_URL } from '../admin-client.ts'
import type { CliIo } from '../io.ts'

/** `--admin` and `--json`, shared by every command that talks to a running simulator. */
export function withAdmin<T>(yargs: Argv<T>, io: CliIo) {
  return yargs
    .option('admin', { type: 'string', default: io.env.PUSHSIM_ADMIN ?? DEFAULT_ADMIN_URL, describe: 'Admin API of the running simulators' })
    .option('json', { type: 'boolean', default: false, describe: 'Machine-readable output' })
}

export function printJsonOr(io: CliIo, json: boolean, value: unknown, text: () => string): void {
  io.out(json ? JSON.stringify(value) + '\n' : text())
}
