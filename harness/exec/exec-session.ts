import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { callAdmin, type AdminTarget } from '../cli/admin-client.ts'
import { startConnectProxy, type ConnectProxy } from './connect-proxy.ts'
import { freshSimulators, runningSimulators, type ExecSimulators, type FreshOptions } from './exec-simulators.ts'
import { programEnvironment } from './program-environment.ts'
import { routeTable, type RouteTable } from './routes.ts'

export interface ExecSessionOptions {
  /** Running simulators' admin API; absent: fresh simulators, stopped with the session. */
  admin?: AdminTarget
  fresh?: FreshOptions
  /** Also start the CONNECT proxy and point HTTPS_PROXY at it (programs not on Node). */
  proxy?: boolean
  /** The environment the program inherits. */
  env: Readonly<Record<string, string | undefined>>
  onRefused?: (hostPort: string) => void
}

/** Everything a program run through `pushsim exec` needs, and what to stop after it. */
export interface ExecSession {
  readonly simulators: ExecSimulators
  readonly routes: RouteTable
  readonly proxy: ConnectProxy | undefined
  /** The program's environment. */
  readonly env: Record<string, string>
  close(): Promise<void>
}

export async function openExecSession(options: ExecSessionOptions): Promise<ExecSession> {
  const simulators = options.admin ? await runningSimulators(options.admin) : await freshSimulators(options.fresh ?? {})
  const scratch = mkdtempSync(join(tmpdir(), 'pushsim-exec-run-'))
  let proxy: ConnectProxy | undefined
  const close = async (): Promise<void> => {
    await proxy?.close()
    await simulators.stop()
    rmSync(scratch, { recursive: true, force: true })
  }
  try {
    const routes = routeTable(simulators.listeners)
    if (options.proxy) proxy = await startConnectProxy({ routes, ...(options.onRefused ? { onRefused: options.onRefused } : {}) })
    const serviceAccountPath = options.env.GOOGLE_APPLICATION_CREDENTIALS ? undefined : await googleServiceAccount(simulators.admin, scratch)
    const env = programEnvironment({
      base: options.env,
      routes,
      caPath: caBundle(simulators.caPath, options.env.NODE_EXTRA_CA_CERTS, scratch),
      adminUrl: simulators.admin.url,
      ...(serviceAccountPath === undefined ? {} : { serviceAccountPath }),
      ...(proxy === undefined ? {} : { proxyUrl: proxy.url }),
    })
    return { simulators, routes, proxy, env, close }
  } catch (error) {
    await close()
    throw error
  }
}

/**
 * A service account the simulators issued, whose token_uri is Google's: the
 * program signs its assertion for Google's token URL and sends it there,
 * as it would in production; the preload brings it to the FCM simulator.
 */
async function googleServiceAccount(admin: AdminTarget, scratch: string): Promise<string> {
  const made = (await callAdmin(admin, 'POST', '/fcm/credentials', { tokenUri: 'google' })) as { serviceAccount: unknown }
  const path = join(scratch, 'service-account.json')
  writeFileSync(path, JSON.stringify(made.serviceAccount, null, 2) + '\n', { mode: 0o600 })
  return path
}

/** NODE_EXTRA_CA_CERTS names one file: the caller's own CAs are kept beside pushsim's in a bundle. */
function caBundle(caPath: string, callerCa: string | undefined, scratch: string): string {
  if (!callerCa || !existsSync(callerCa)) return caPath
  const path = join(scratch, 'ca-bundle.pem')
  writeFileSync(path, `${readFileSync(caPath, 'utf8').trimEnd()}\n${readFileSync(callerCa, 'utf8')}`)
  return path
}
