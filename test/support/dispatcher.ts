import { join } from 'node:path'
import { startDispatcher, type DispatcherApp, type DispatcherConfig } from '../../dispatcher/app.ts'
import { createVirtualClock } from '../../dispatcher/engine/virtual-clock.ts'
import { afterAll, beforeAll } from 'vitest'
import type { Simulators } from '../../simulators/serve.ts'
import { startTestSimulators } from './simulators.ts'
import { tempDir } from './temp-dir.ts'

/**
 * The reference dispatcher configured against running simulators, with a fresh database file. Its run
 * clock starts at the simulators' virtual now at the scale asked for (theirs, in these tests), so both
 * read one calendar (token iat and expiry, Retry-After, TTL) as the harness would set them.
 */
export function startTestDispatcher(sims: Simulators, overrides: Partial<DispatcherConfig> = {}): Promise<DispatcherApp> {
  const { apns, fcm, vapid } = sims.credentials
  const clock = createVirtualClock({ timeScale: overrides.settings?.timeScale ?? 1, startMs: sims.clock.now() })
  return startDispatcher({
    database: join(tempDir('pushsim-dispatcher-'), 'dispatcher.db'),
    seed: 'test',
    providers: {
      apns: { url: sims.endpoints.apns, keyId: apns.keyId, teamId: apns.teamId, key: apns.key, topic: apns.topic },
      fcm: { url: sims.endpoints.fcm, serviceAccount: fcm.serviceAccount },
      webpush: { vapid: { subject: vapid.subject, publicKey: vapid.publicKey, privateKey: vapid.privateKey } },
      ca: sims.tls.ca,
    },
    ...overrides,
  }, clock)
}

type TestSimulators = Awaited<ReturnType<typeof startTestSimulators>>

/**
 * Simulators and the dispatcher for a whole test file, both at time scale 0.01 (virtual time runs
 * 100 times as fast as the wall: backoff, timeouts, Retry-After and injected durations last 1/100 of
 * their wall time); `bind` hands them to the file's variables.
 */
export function useDispatcherAgainstSimulators(bind: (sims: TestSimulators, app: DispatcherApp) => void, overrides: Partial<DispatcherConfig> = {}): void {
  let sims: TestSimulators | undefined
  let app: DispatcherApp | undefined
  beforeAll(async () => {
    sims = await startTestSimulators({ timeScale: 0.01 })
    app = await startTestDispatcher(sims, { settings: { timeScale: 0.01 }, ...overrides })
    bind(sims, app)
  })
  afterAll(async () => {
    await app?.close()
    await sims?.stop()
  })
}
