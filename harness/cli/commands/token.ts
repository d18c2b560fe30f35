import { existsSync, readFileSync, statSync } from 'node:fs'
import { basename, dirname, isAbsolute, join, resolve } from 'node:path'
import type { Argv } from 'yargs'
import { DEFAULT_STATE_DIR } from '../../../simulators/serve.ts'
import { CliFailure, ExitCode, usageError } from '../exit-codes.ts'
import { fetchFcmAccessToken, signApnsToken, type ApnsCredentialFile, type ServiceAccount } from '../provider-tokens.ts'
import type { CliIo } from '../io.ts'

/** Reads a credential file of the state directory; a missing one means `serve` never ran there. */
function readDefaults(path: string): { apnsJson: string; fcmPath: string } {
  if (!existsSync(path)) throw new CliFailure(ExitCode.USAGE, `Failed to read ${path}: no such file.`, 'Run `npm run serve` once (it creates default credentials), or pass --state-dir.')
  return readJson(path) as { apnsJson: string; fcmPath: string }
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw usageError(`Failed to read ${path}: ${error instanceof SyntaxError ? `not JSON (${error.message})` : (error as Error).message}.`)
  }
}

/**
 * The file `--credential` names: a path with a directory part as given (from
 * the current directory); a bare file name in the state directory's
 * credentials folder first, then in the current directory.
 */
export function resolveCredential(name: string, credentialsDir: string): string {
  const candidates = isAbsolute(name) || name.includes('/') || name.includes('\\') ? [resolve(name)] : [join(credentialsDir, name), resolve(name)]
  const found = candidates.find((path) => existsSync(path) && statSync(path).isFile())
  if (found === undefined) throw usageError(`Failed to find credential ${name}: looked at ${candidates.join(' and ')}.`, "Pass a path, or a file name from `pushsim credentials`' folder (see --state-dir).")
  return found
}

/** An APNs signing credential from apns-<keyId>.json, or from a .p8 with its key id and team id (flags, or the apns-<keyId>.json beside it). */
function apnsCredential(path: string, flags: { keyId?: string | undefined; teamId?: string | undefined }): ApnsCredentialFile {
  const text = readFileSync(path, 'utf8')
  if (path.endsWith('.p8') || text.trimStart().startsWith('-----BEGIN')) {
    const keyId = flags.keyId ?? /^AuthKey_([A-Za-z0-9]+)\.p8$/.exec(basename(path))?.[1]
    const sidecar = keyId === undefined ? undefined : join(dirname(path), `apns-${keyId}.json`)
    const teamId = flags.teamId ?? (sidecar !== undefined && existsSync(sidecar) ? (readJson(sidecar) as { teamId?: string }).teamId : undefined)
    if (keyId === undefined || teamId === undefined)
      throw usageError(
        `Failed to sign with ${path}: a .p8 key needs its key id and team id${keyId === undefined ? '' : ` (no team id for key ${keyId}: ${sidecar} is missing)`}.`,
        'Pass --key-id and --team-id, or keep the apns-<keyId>.json that `pushsim credentials apns` wrote beside the key.',
      )
    return { keyId, teamId, key: text }
  }
  const file = readJson(path) as Partial<ApnsCredentialFile> | null
  const missing = (['keyId', 'teamId', 'key'] as const).filter((field) => typeof file?.[field] !== 'string')
  if (missing.length > 0) throw usageError(`Failed to read ${path}: not an APNs credential (missing ${missing.join(', ')}).`, 'Pass the apns-<keyId>.json or the AuthKey_<keyId>.p8 that `pushsim credentials apns` made.')
  return { keyId: flags.keyId ?? file!.keyId!, teamId: flags.teamId ?? file!.teamId!, key: file!.key! }
}

function serviceAccount(path: string): ServiceAccount {
  const file = readJson(path) as Partial<ServiceAccount> | null
  const missing = (['client_email', 'private_key', 'private_key_id', 'token_uri'] as const).filter((field) => typeof file?.[field] !== 'string')
  if (missing.length > 0) throw usageError(`Failed to read ${path}: not a service-account JSON (missing ${missing.join(', ')}).`, 'Pass the JSON that `pushsim credentials fcm` made.')
  return file as ServiceAccount
}

export function tokenCommand(io: CliIo) {
  return {
    command: 'token <provider>',
    describe: 'Print a bearer token for curl: an APNs provider JWT, or an FCM OAuth2 access token fetched from the simulator',
    builder: (yargs: Argv) =>
      yargs
        .positional('provider', { choices: ['apns', 'fcm'] as const, demandOption: true, describe: 'apns: a provider JWT signed here; fcm: an access token from the simulator\'s OAuth2 endpoint' })
        .option('state-dir', { type: 'string', default: io.env.PUSHSIM_STATE_DIR ?? DEFAULT_STATE_DIR, describe: 'Where serve made its credentials (default: $PUSHSIM_STATE_DIR, else .pushsim)' })
        .option('credential', {
          type: 'string',
          describe: 'apns: apns-<keyId>.json or AuthKey_<keyId>.p8; fcm: a service-account JSON (a bare name is looked up in <state-dir>/credentials, then here; default: the ones serve made)',
        })
        .option('key-id', { type: 'string', describe: 'apns: the key id of a .p8 (default: from AuthKey_<keyId>.p8)' })
        .option('team-id', { type: 'string', describe: 'apns: the team id of a .p8 (default: from apns-<keyId>.json beside it)' })
        .option('json', { type: 'boolean', default: false, describe: 'Print {"provider", "token"} instead of the bare token' })
        .example('$0 token apns', "a provider JWT from the key serve made, for curl's authorization: bearer header")
        .example('$0 token fcm --credential service-account.json', 'an access token for another service account'),
    handler: async (argv: { provider: 'apns' | 'fcm'; 'state-dir': string; credential?: string; 'key-id'?: string; 'team-id'?: string; json: boolean }) => {
      const dir = join(resolve(argv['state-dir']), 'credentials')
      const defaults = () => readDefaults(join(dir, 'defaults.json'))
      const path = argv.credential !== undefined ? resolveCredential(argv.credential, dir) : argv.provider === 'apns' ? defaults().apnsJson : defaults().fcmPath
      if (!existsSync(path)) throw usageError(`Failed to read ${path}: no such file.`, 'Run `pushsim credentials` again, or pass --credential.')
      const token = argv.provider === 'apns' ? await signApnsToken(apnsCredential(path, { keyId: argv['key-id'], teamId: argv['team-id'] })) : await fetchFcmAccessToken(serviceAccount(path))
      io.out(argv.json ? JSON.stringify({ provider: argv.provider, token }) + '\n' : `${token}\n`)
    },
  }
}
