import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startSimulators, type Simulators, type SimulatorsOptions } from '../../simulators/serve.ts'

const ANY_PORT = { admin: 0, apns: 0, apnsH2c: 0, fcm: 0, fcmTls: 0, webpush: 0, webpushTls: 0 }

/**
 * Real simulators on free loopback ports in a fresh state directory.
 * `stop()` closes them and removes the directory.
 */
export async function startTestSimulators(options: SimulatorsOptions = {}): Promise<Simulators & { stop(): Promise<void> }> {
  const stateDir = options.stateDir ?? mkdtempSync(join(tmpdir(), 'pushsim-test-'))
  const sims = await startSimulators({ seed: 'test-seed', ...options, stateDir, ports: { ...ANY_PORT, ...options.ports } })
  return Object.assign(sims, {
    stop: async () => {
      await sims.close()
      if (!options.stateDir) rmSync(stateDir, { recursive: true, force: true })
    },
  })
}
