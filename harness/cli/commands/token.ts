import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { importPKCS8, SignJWT } from 'jose'
import type { Argv } from 'yargs'
import { DEFAULT_STATE_DIR } from '../../../simulators/serve.ts'
import { CliFailure, ExitCode } from '../exit-codes.ts'
import type { CliIo } from '../io.ts'

interface ApnsCredentialFile {
  keyId: string
  teamId: string
  key: string
}
interface ServiceAccount {
  client_email: string
  private_key: string
  private_key_id: string
  token_uri: string
}

const FCM_SCOPE = 'https://www.googleapis.com/auth/firebase.messaging'

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
      const token = argv.provider === 'apns' ? await apnsToken(argv.credential ?? defaults().apnsJson) : await fcmToken(argv.credential ?? defaults().fcmPath)
      io.out(argv.json ? JSON.stringify({ provider: argv.provider, token }) + '\n' : `${token}\n`)
    },
  }
}

async function apnsToken(path: string): Promise<string> {
  const credential = readCredential<ApnsCredentialFile>(path)
  const key = await importPKCS8(credential.key, 'ES256')
  return new SignJWT({ iss: credential.teamId, iat: Math.floor(Date.now() / 1000) }).setProtectedHeader({ alg: 'ES256', kid: credential.keyId }).sign(key)
}

/** The JWT-bearer grant, as google-auth-library performs it. */
async function fcmToken(path: string): Promise<string> {
  const account = readCredential<ServiceAccount>(path)
  const key = await importPKCS8(account.private_key, 'RS256')
  const now = Math.floor(Date.now() / 1000)
  const assertion = await new SignJWT({ iss: account.client_email, scope: FCM_SCOPE, aud: account.token_uri, iat: now, exp: now + 3600 })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: account.private_key_id })
    .sign(key)
  let response: Response
  try {
    response = await fetch(account.token_uri, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }),
      signal: AbortSignal.timeout(10_000),
    })
  } catch (error) {
    throw new CliFailure(ExitCode.UNREACHABLE, `Failed to reach ${account.token_uri}: ${(error as Error).message}.`, 'Start the simulators with `npm start`.')
  }
  const body = (await response.json().catch(() => ({}))) as { access_token?: string; error?: string; error_description?: string }
  if (!response.ok || !body.access_token) throw new CliFailure(ExitCode.REJECTED, `Failed to get an access token: ${body.error ?? response.status} ${body.error_description ?? ''}`.trim())
  return body.access_token
}
