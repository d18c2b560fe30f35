import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startSimulators } from '../../simulators/serve.ts'
import { callAdmin, type AdminTarget } from '../cli/admin-client.ts'
import { CliFailure, ExitCode } from '../cli/exit-codes.ts'
import type { SimulatorListeners } from './routes.ts'

/** The simulators a program's traffic goes to: running ones, or ones started for this program alone. */
export interface ExecSimulators {
  readonly admin: AdminTarget
  readonly listeners: SimulatorListeners
  readonly caPath: string
  readonly ledgerPath: string | null
  /** Exchanges recorded so far (fresh simulators only: running ones may serve others too). */
  recorded(): number | undefined
  /** Fresh simulators: stops them (their temporary state directory goes too); running ones: nothing. */
  stop(): Promise<void>
}

interface AdminRoot {
  caPath: string
  ledgerPath: string | null
  endpoints: SimulatorListeners & { admin: string }
}

/** Simulators already running, found through their admin API's `GET /`. */
export async function runningSimulators(admin: AdminTarget): Promise<ExecSimulators> {
  const root = (await callAdmin(admin, 'GET', '/')) as AdminRoot
  if (!existsSync(root.caPath)) {
    throw new CliFailure(ExitCode.UNREACHABLE, `Failed to read the simulators' CA at ${root.caPath}: the admin API at ${admin.url} runs on another machine, or its state directory moved.`, 'Run pushsim exec where the simulators run, or start fresh ones (omit --admin).')
  }
  return { admin, listeners: root.endpoints, caPath: root.caPath, ledgerPath: root.ledgerPath, recorded: () => undefined, stop: async () => {} }
}

export interface FreshOptions {
  /** Kept after the program exits; absent: a temporary directory, removed. */
  stateDir?: string
  seed?: string
  faults?: unknown[]
  timeScale?: number
}

/** Simulators on free loopback ports, for this program alone. */
export async function freshSimulators(options: FreshOptions): Promise<ExecSimulators> {
  const stateDir = options.stateDir ?? mkdtempSync(join(tmpdir(), 'pushsim-exec-'))
  const anyPort = { admin: 0, apns: 0, apnsH2c: 0, fcm: 0, fcmTls: 0, webpush: 0, webpushTls: 0 }
  const removeTemporary = () => {
    if (options.stateDir === undefined) rmSync(stateDir, { recursive: true, force: true })
  }
  const sims = await startSimulators({
    stateDir,
    ports: anyPort,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.faults === undefined || options.faults.length === 0 ? {} : { faults: options.faults }),
    ...(options.timeScale === undefined ? {} : { timeScale: options.timeScale }),
  }).catch((error: unknown) => {
    // Simulators that failed to start (a bad fault plan, a port) leave no temporary directory behind.
    removeTemporary()
    throw error
  })
  return {
    admin: { url: sims.endpoints.admin },
    listeners: sims.endpoints,
    caPath: sims.tls.caPath,
    ledgerPath: options.stateDir === undefined ? null : (sims.ledger.path ?? null),
    recorded: () => sims.ledger.recorded,
    stop: async () => {
      await sims.close()
      removeTemporary()
    },
  }
}
