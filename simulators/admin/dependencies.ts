import type { FaultEngine } from '../faults/engine/engine.ts'
import type { RunClock } from '../kernel/run-clock.ts'
import type { Ledger } from '../ledger/ledger.ts'
import type { ApnsCore } from '../providers/apns/index.ts'
import type { FcmCore } from '../providers/fcm/index.ts'
import type { WebPushCore } from '../providers/webpush/index.ts'
import type { Registry } from '../state/registry.ts'

/**
 * What the admin API's routes use, and nothing more: it reads the ledger,
 * edits the fault registry, registers tokens, keys and subscriptions with the
 * three cores (through the registry where it must persist them), reads and
 * moves the run clock, and describes the run for `GET /`. The listeners and
 * TLS keys stay out of its reach.
 */
export interface AdminDependencies {
  readonly seed: string
  readonly stateDir: string
  readonly caPath: string
  /**
   * The listeners' URLs, read per request (the admin URL is known only once it
   * listens). Routes use the three below; `GET /` shows every one given.
   */
  endpoints(): AdminEndpoints
  readonly ledger: AdminLedger
  readonly faults: AdminFaults
  readonly clock: AdminClock
  readonly apns: AdminApns
  readonly fcm: AdminFcm
  readonly webpush: AdminWebPush
  readonly registry: AdminRegistry
}

/** The listener URLs the routes need: token_uri of new service accounts, and the origins of subscription endpoints. */
export interface AdminEndpoints {
  readonly oauthToken: string
  readonly webpush: string
  readonly webpushTls: string
}

export type AdminLedger = Pick<Ledger, 'query' | 'count' | 'get' | 'recorded' | 'path' | 'reset' | 'flush'>
export type AdminFaults = Pick<FaultEngine, 'timeScale' | 'list' | 'add' | 'replace' | 'remove' | 'clear'>
export type AdminClock = Pick<RunClock, 'state' | 'set'>
export type AdminApns = Pick<ApnsCore, 'listKeys' | 'listTokens' | 'registerToken' | 'unregisterToken' | 'removeToken'>
export type AdminFcm = Pick<FcmCore, 'listServiceAccounts' | 'listTokens' | 'registerToken' | 'unregisterToken' | 'removeToken' | 'expireAccessTokens'>
export type AdminWebPush = Pick<WebPushCore, 'subscribe' | 'unsubscribe' | 'removeSubscription' | 'getSubscription' | 'listSubscriptions'>
export type AdminRegistry = Pick<Registry, 'registerApnsKey' | 'registerServiceAccount' | 'saved' | 'resetRuntime' | 'generation'>
