/**
 * A broken dispatcher (breakages.ts) served over HTTP like dispatcher/app.ts
 * startDispatcher, for the oracle to catch: "the oracle must be able to fail".
 */
import { startHttpServer, type DispatcherServer } from '../../dispatcher/api/http-server.ts'
import { createService } from '../../dispatcher/api/service-impl.ts'
import { createDispatcher } from '../../dispatcher/engine/dispatcher.ts'
import { DEFAULT_SETTINGS } from '../../dispatcher/engine/settings.ts'
import { createVirtualClock, type VirtualClock } from '../../dispatcher/engine/virtual-clock.ts'
import type { DispatcherConfig } from '../../dispatcher/app.ts'
import { classify } from '../../dispatcher/policy/classify.ts'
import { contentForChannel } from '../../dispatcher/rules/channel-content.ts'
import { createSenders } from '../../dispatcher/senders/senders.ts'
import { openStore } from '../../dispatcher/store/sqlite-store.ts'
import { providersFromPushsim } from '../../harness/cli/dispatcher-config.ts'
import { startSimulators, type PortName } from '../../simulators/serve.ts'
import { BREAK, referenceParts, type Breakage } from './breakages.ts'

export type { Breakage }

export async function startBrokenDispatcher(breakage: Breakage, config: DispatcherConfig, runClock?: VirtualClock): Promise<{ server: DispatcherServer; close(): Promise<void> }> {
  const settings = { ...DEFAULT_SETTINGS, ...config.settings }
  const clock = runClock ?? createVirtualClock({ timeScale: settings.timeScale })
  const parts = BREAK[breakage](referenceParts(openStore(config.database), settings.policy))
  const senders = createSenders({ ...config.providers, policy: parts.sendersPolicy, clock: clock.now, wallMsFor: clock.wallMsFor })
  const dispatcher = createDispatcher({ store: parts.store, senders, planMessage: parts.planMessage, classify, nextStep: parts.nextStep, contentForChannel }, { seed: config.seed, settings, clock })
  const server = await startHttpServer(createService(dispatcher, parts.reading), config.http ?? { host: '127.0.0.1', port: 0 })
  return {
    server,
    close: async () => {
      await server.close()
      await dispatcher.close()
    },
  }
}

/**
 * Free loopback ports for every simulator listener and the simulators'
 * provider config, found by starting them once and stopping them: the run
 * then serves on the same ports and state, where the dispatcher looks.
 */
export async function simulatorPorts(stateDir: string, seed: string): Promise<{ ports: Record<PortName, number>; providers: DispatcherConfig['providers'] }> {
  const sims = await startSimulators({ stateDir, ports: { admin: 0, apns: 0, apnsH2c: 0, fcm: 0, fcmTls: 0, webpush: 0, webpushTls: 0 }, seed })
  try {
    const port = (url: string) => Number(new URL(url).port)
    const e = sims.endpoints
    const providers = await providersFromPushsim({ url: e.admin })
    return { ports: { admin: port(e.admin), apns: port(e.apns), apnsH2c: port(e.apnsH2c), fcm: port(e.fcm), fcmTls: port(e.fcmTls), webpush: port(e.webpush), webpushTls: port(e.webpushTls) }, providers }
  } finally {
    await sims.close()
  }
}
