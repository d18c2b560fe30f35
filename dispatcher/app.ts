import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { createDispatcher, type Dispatcher } from './engine/dispatcher.ts'
import { DEFAULT_SETTINGS, type DispatchSettings } from './engine/settings.ts'
import { createVirtualClock, type VirtualClock } from './engine/virtual-clock.ts'
import { startHttpServer, type DispatcherServer } from './api/http-server.ts'
import { createService } from './api/service-impl.ts'
import type { DispatcherService } from './api/service.ts'
import { classify } from './policy/classify.ts'
import { nextStep } from './policy/retry.ts'
import { contentForChannel } from './rules/channel-content.ts'
import { planMessage } from './rules/plan-message.ts'
import type { SendersConfig } from './senders/config.ts'
import { createSenders } from './senders/senders.ts'
import { openStore } from './store/sqlite-store.ts'

/** Everything the reference dispatcher needs, as plain data (a JSON config file). */
export interface DispatcherConfig {
  /** SQLite database file (`:memory:` for throwaway runs). */
  database: string
  seed: string
  settings?: Partial<DispatchSettings>
  /** Provider URLs, credentials and CA: the simulators' or the real services'. */
  providers: Omit<SendersConfig, 'policy' | 'clock' | 'wallMsFor'>
  http?: { host: string; port: number }
}

export interface DispatcherApp {
  dispatcher: Dispatcher
  service: DispatcherService
  server: DispatcherServer | undefined
  close(): Promise<void>
}

/**
 * Opens the store, the senders and the engine, and (when configured) the HTTP API, all on one run
 * clock: `clock` when given, else one starting at the wall's now at `settings.timeScale` (a bad scale
 * throws a RangeError before anything opens).
 */
export async function startDispatcher(config: DispatcherConfig, clock?: VirtualClock): Promise<DispatcherApp> {
  const settings: DispatchSettings = { ...DEFAULT_SETTINGS, ...config.settings }
  const runClock = clock ?? createVirtualClock({ timeScale: settings.timeScale })
  if (config.database !== ':memory:') mkdirSync(dirname(config.database), { recursive: true })
  const store = openStore(config.database)
  const senders = createSenders({ ...config.providers, policy: settings.policy, clock: runClock.now, wallMsFor: runClock.wallMsFor })
  const dispatcher = createDispatcher({ store, senders, planMessage, classify, nextStep, contentForChannel }, { seed: config.seed, settings, clock: runClock })
  const service = createService(dispatcher)
  let server: DispatcherServer | undefined
  try {
    server = config.http ? await startHttpServer(service, { ...config.http, inTransaction: store.batch }) : undefined
  } catch (error) {
    // Nothing listens: release the store, the senders and the engine so the process can exit.
    await dispatcher.close()
    throw error
  }
  return {
    dispatcher,
    service,
    server,
    close: async () => {
      await server?.close()
      await dispatcher.close()
    },
  }
}
