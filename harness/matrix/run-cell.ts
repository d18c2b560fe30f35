/**
 * One cell: fresh simulators on free ports, the probe's faults, the library
 * in its own process under pushsim exec's environment, the probe's sends,
 * then the judgement from the ledger once everything has stopped (so a hung
 * exchange is recorded, and an abandoned one with the moment it was left).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startSimulators } from '../../simulators/serve.ts'
import { callAdmin } from '../cli/admin-client.ts'
import { initialFaults } from '../cli/initial-faults.ts'
import { openExecSession, type ExecSession } from '../exec/exec-session.ts'
import type { LibraryEntry } from './adapters/index.ts'
import { cellTargets } from './cell-targets.ts'
import type { MatrixCell } from './cell.ts'
import { startLibraryProcess, type LibraryProcess, type SendOutcome } from './library-process.ts'
import type { Probe, ProbeTerms } from './probe.ts'
import { PROVIDER_CODES } from './provider-codes.ts'

const ANY_PORT = { admin: 0, apns: 0, apnsH2c: 0, fcm: 0, fcmTls: 0, webpush: 0, webpushTls: 0 }

export async function runCell(library: LibraryEntry, probe: Probe): Promise<MatrixCell> {
  const cell = { library: library.id, probe: probe.id }
  if (!probe.providers.includes(library.provider)) return { ...cell, verdict: 'n/a', summary: `not on ${library.provider}: ${probe.providers.join(', ')} only`, evidence: [] }
  const stateDir = mkdtempSync(join(tmpdir(), 'pushsim-matrix-'))
  // Simulators that failed to start leave no state directory behind.
  const sims = await startSimulators({ stateDir, ports: ANY_PORT, seed: `matrix ${library.id} ${probe.id}` }).catch((error: unknown) => {
    rmSync(stateDir, { recursive: true, force: true })
    throw error
  })
  let child: LibraryProcess | undefined
  let session: ExecSession | undefined
  try {
    session = await openExecSession({ admin: { url: sims.endpoints.admin }, env: baseEnvironment() })
    const targets = cellTargets(sims, library.provider)
    const terms: ProbeTerms = { provider: library.provider, target: targets[0].target, codes: PROVIDER_CODES[library.provider] }
    const faults = await initialFaults(undefined, probe.faults(terms))
    if (faults.faults.length > 0) await callAdmin(sims.endpoints.admin, 'POST', '/faults', faults.faults)
    const { teamId, keyId, keyPath, topic } = sims.credentials.apns
    child = await startLibraryProcess(library, session.env, { apns: { teamId, keyId, keyPath, topic }, vapid: sims.credentials.vapid })
    let outcomes: SendOutcome[]
    try {
      outcomes = await probe.drive({ terms, notifications: [targets[0].notification, targets[1].notification], library: child })
    } finally {
      await child.close()
      await sims.close()
    }
    const names = new Set(targets.map((target) => target.target))
    const attempts = sims.ledger.query({ limit: 1000 }).entries.filter((entry) => entry.target !== null && names.has(entry.target))
    return { ...cell, ...probe.judge({ terms, outcomes, attempts }) }
  } catch (error) {
    return { ...cell, verdict: 'error', summary: `the matrix could not run this cell: ${(error as Error).message}`, evidence: child ? [{ note: `library stderr: ${child.stderr().trim().slice(-400)}` }] : [] }
  } finally {
    await child?.close()
    await session?.close()
    await sims.close()
    rmSync(stateDir, { recursive: true, force: true })
  }
}

/** The library runs with the matrix's environment, less anything that would reroute or preload it twice. */
function baseEnvironment(): Record<string, string | undefined> {
  const { NODE_OPTIONS: _options, GOOGLE_APPLICATION_CREDENTIALS: _credentials, NODE_EXTRA_CA_CERTS: _ca, ...rest } = process.env
  return rest
}
