import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Argv } from 'yargs'
import { DEFAULT_STATE_DIR } from '../../../simulators/serve.ts'
import { CliFailure, ExitCode } from '../exit-codes.ts'
import { fetchFcmAccessToken, signApnsToken } from '../provider-tokens.ts'
import type { CliIo } from '../io.ts'

/** Reads a credential file of the state directory; a missing one means `serve` never ran there. */
function readCredential<T>(path: string): T {
  if (!existsSync(path)) throw new CliFailure(ExitCode.USAGE, `Failed to read ${path}: no such file.`, 'Run `npm start` once (it creates default credentials), or pass --state-dir.')
  return JSON.parse(readFileSync(path, 'utf8')) as T
}

export function tokenCommand(io: CliIo) {
  return {
    command: 'token <provider>',
    describe: 'Print a bearer token for curl: an APNs provider JWT, or an FCM OAuth2 access token fetched from the simulator',
    builder: (yargs: Argv) =>
      yargs
        .positional('provider', { choices: ['apns', 'fcm'] as const, demandOption: true })
        .option('state-dir', { type: 'string', default: io.env.PUSHSIM_STATE_DIR ?? DEFAULT_STATE_DIR })
        .option('credential', { type: 'string', describe: 'apns: apns-<keyId>.json; fcm: a service-account JSON (default: the ones serve made)' })
        .option('json', { type: 'boolean', default: false }),
    handler: async (argv: { provider: 'apns' | 'fcm'; 'state-dir': string; credential?: string; json: boolean }) => {
      const dir = join(resolve(argv['state-dir']), 'credentials')
      const defaults = () => readCredential<{ apnsJson: string; fcmPath: string }>(join(dir, 'defaults.json'))
      const token = argv.provider === 'apns' ? await signApnsToken(readCredential(argv.credential ?? defaults().apnsJson)) : await fetchFcmAccessToken(readCredential(argv.credential ?? defaults().fcmPath))
      io.out(argv.json ? JSON.stringify({ provider: argv.provider, token }) + '\n' : `${token}\n`)
    },
  }
}
