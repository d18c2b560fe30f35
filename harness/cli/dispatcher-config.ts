import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { DispatcherConfig } from '../../dispatcher/app.ts'
import { callAdmin, type AdminTarget } from './admin-client.ts'
import { CliFailure, ExitCode } from './exit-codes.ts'

interface PushsimInfo {
  stateDir: string
  caPath: string
  endpoints: { apns: string; fcm: string }
}

/** Providers of a running pushsim: its endpoints, the credentials it made, and its CA. */
export async function providersFromPushsim(admin: AdminTarget): Promise<DispatcherConfig['providers']> {
  const adminUrl = admin.url
  // The admin client's own hint names --admin; here the flag is --pushsim.
  const info = (await callAdmin(admin, 'GET', '/').catch((error: unknown) => {
    if (error instanceof CliFailure && error.exitCode === ExitCode.UNREACHABLE) throw new CliFailure(ExitCode.UNREACHABLE, error.message, 'Start the simulators with `npm run serve` (or `pushsim serve`), or pass --pushsim <their admin url>, or --config <file> for real providers.')
    throw error
  })) as PushsimInfo
  const dir = join(info.stateDir, 'credentials')
  const read = <T>(path: string): T => {
    if (!existsSync(path)) throw new CliFailure(ExitCode.USAGE, `Failed to read ${path}: the simulators at ${adminUrl} made no default credentials there.`)
    return JSON.parse(readFileSync(path, 'utf8')) as T
  }
  const defaults = read<{ apnsJson: string; fcmPath: string }>(join(dir, 'defaults.json'))
  const apns = read<{ keyId: string; teamId: string; key: string; topic: string }>(defaults.apnsJson)
  const vapid = read<{ subject: string; publicKey: string; privateKey: string }>(join(dir, 'vapid.json'))
  return {
    apns: { url: info.endpoints.apns, keyId: apns.keyId, teamId: apns.teamId, key: apns.key, topic: apns.topic },
    fcm: { url: info.endpoints.fcm, serviceAccount: read(defaults.fcmPath) },
    webpush: { vapid: { subject: vapid.subject, publicKey: vapid.publicKey, privateKey: vapid.privateKey } },
    ca: readFileSync(info.caPath, 'utf8'),
  }
}

export function readConfigFile(path: string): Partial<DispatcherConfig> {
  if (!existsSync(path)) throw new CliFailure(ExitCode.USAGE, `Failed to read ${path}: no such file.`)
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Partial<DispatcherConfig>
  } catch (error) {
    throw new CliFailure(ExitCode.USAGE, `Failed to read ${path}: ${(error as Error).message}.`)
  }
}
