import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Result } from '../kernel/errors.ts'
import type { ApnsCore, ApnsKeyInfo, ApnsKeyInput } from '../providers/apns/index.ts'
import type { FcmCore, ServiceAccountInfo, ServiceAccountInput } from '../providers/fcm/index.ts'
import type { WebPushCore } from '../providers/webpush/index.ts'

interface Snapshot {
  version: 1
  /** How many earlier starts saved this file (absent in files of older versions). */
  generation?: number
  apnsKeys: ApnsKeyInput[]
  apnsTokens: ReturnType<ApnsCore['listTokens']>
  fcmServiceAccounts: ServiceAccountInput[]
  fcmTokens: ReturnType<FcmCore['listTokens']>
  webpush: unknown
}

const SAVE_DELAY_MS = 50
/** A save waits at least this many times as long as the last one took: saving takes at most ~1/11 of the server's time… */
const SAVE_COST_FACTOR = 10
/** …but never waits longer than this: the window a kill -9 could lose stays short. */
const SAVE_DELAY_MAX_MS = 2_000

export interface Cores {
  apns: ApnsCore
  fcm: FcmCore
  webpush: WebPushCore
}

/**
 * Everything registered with the simulators (signing keys, service accounts,
 * token states, subscriptions with their private keys), written to
 * `registry.json` after each change so a restart keeps serving the same
 * credentials and subscriptions. Cores keep no key material they could list
 * back, so the registry remembers the inputs.
 */
export interface Registry {
  /**
   * 0 on a fresh state directory, then one more on each start that finds
   * `registry.json`: seeded draws that must not repeat an earlier run's
   * (ids and keys of new credentials) fork their streams by it.
   */
  readonly generation: number
  registerApnsKey(input: ApnsKeyInput): Result<ApnsKeyInfo>
  registerServiceAccount(input: ServiceAccountInput): Result<ServiceAccountInfo>
  /** Call after any change made directly on a core (tokens, subscriptions): written within 50 ms. */
  save(): void
  /** Writes pending changes now (shutdown). */
  flush(): void
  /** Saves, then hands `value` back: for answers of routes that changed a core. */
  saved<T>(value: T): T
  /** Forget tokens and subscriptions; keep credentials. */
  resetRuntime(): void
}

export function openRegistry(stateDir: string, cores: Cores): Registry {
  const path = join(stateDir, 'registry.json')
  const apnsKeys = new Map<string, ApnsKeyInput>()
  const serviceAccounts = new Map<string, ServiceAccountInput>()

  const registerCredentials = (): void => {
    for (const input of apnsKeys.values()) cores.apns.registerKey(input)
    for (const input of serviceAccounts.values()) cores.fcm.registerServiceAccount(input)
  }

  let generation = 0
  if (existsSync(path)) {
    const snapshot = JSON.parse(readFileSync(path, 'utf8')) as Snapshot
    generation = (snapshot.generation ?? 0) + 1
    for (const input of snapshot.apnsKeys) apnsKeys.set(input.keyId, input)
    for (const input of snapshot.fcmServiceAccounts) serviceAccounts.set(input.clientEmail, input)
    registerCredentials()
    for (const token of snapshot.apnsTokens) {
      cores.apns.registerToken({
        token: token.token,
        state: token.state,
        ...(token.topic ? { topic: token.topic } : {}),
        ...(token.environment ? { environment: token.environment } : {}),
        ...(token.unregisteredAt !== null ? { unregisteredAt: token.unregisteredAt } : {}),
      })
    }
    for (const token of snapshot.fcmTokens) {
      cores.fcm.registerToken({ token: token.token, state: token.state, ...(token.project ? { project: token.project } : {}) })
    }
    cores.webpush.importState(snapshot.webpush)
  }

  // Coalesced: a burst of 20,000 subscriptions writes the file a few times, not 20,000 times (O(n²) bytes).
  // The delay grows with the file: one sequential client subscribing 20,000 times otherwise sees a save of the
  // whole registry every 50 ms, each longer than the last (minutes of the bench's setup went there).
  let timer: NodeJS.Timeout | undefined
  let lastSaveMs = 0
  const save = (): void => {
    timer ??= setTimeout(flush, Math.min(SAVE_DELAY_MAX_MS, Math.max(SAVE_DELAY_MS, SAVE_COST_FACTOR * lastSaveMs))).unref()
  }

  const flush = (): void => {
    if (timer) clearTimeout(timer)
    timer = undefined
    const started = performance.now()
    const snapshot: Snapshot = {
      version: 1,
      generation,
      apnsKeys: [...apnsKeys.values()],
      apnsTokens: cores.apns.listTokens(),
      fcmServiceAccounts: [...serviceAccounts.values()],
      fcmTokens: cores.fcm.listTokens(),
      webpush: cores.webpush.exportState(),
    }
    // Write then rename: a crash mid-write never leaves a torn registry. A failed write (disk full, state
    // directory removed) must not take the simulators down: the cores still hold everything.
    try {
      writeFileSync(`${path}.tmp`, JSON.stringify(snapshot) + '\n', { mode: 0o600 })
      renameSync(`${path}.tmp`, path)
    } catch (error) {
      process.emitWarning(`pushsim: failed to save ${path}: ${(error as Error).message}`)
    }
    lastSaveMs = performance.now() - started
  }

  return {
    generation,
    flush,
    registerApnsKey(input) {
      const result = cores.apns.registerKey(input)
      if (result.ok) {
        apnsKeys.set(input.keyId, input)
        save()
      }
      return result
    },
    registerServiceAccount(input) {
      const result = cores.fcm.registerServiceAccount(input)
      if (result.ok) {
        serviceAccounts.set(input.clientEmail, input)
        save()
      }
      return result
    },
    save,
    saved(value) {
      save()
      return value
    },
    resetRuntime() {
      cores.apns.reset()
      cores.fcm.reset()
      cores.webpush.reset()
      registerCredentials()
      save()
    },
  }
}
