import { fail, ok, simError, type Result } from '../../kernel/errors.ts'
import { decodeBase64Url, encodeBase64Url } from './base64url.ts'
import { isWellFormedId, parseEndpointPath } from './endpoint-paths.ts'
import { canonicalPublicKey, publicKeyOf } from './p256.ts'
import type { SubscriptionRecord } from './subscription-record.ts'
import { serviceOrigin } from './subscribe-input.ts'
import { BROWSERS, type Browser, type SubscriptionState } from './types.ts'

/**
 * The persisted form of the registry. It holds the user agents' private
 * keys, because a restarted simulator must still decrypt pushes for the
 * subscriptions the application server has on file.
 */
export const STATE_VERSION = 1

export interface ExportedSubscription {
  id: string
  browser: Browser
  state: SubscriptionState
  applicationServerKey: string | null
  endpoint: string
  createdAt: number
  keys: { p256dh: string; auth: string; privateKey: string }
}

export interface ExportedState {
  version: typeof STATE_VERSION
  /** The draw generation of the run that saved it (absent in older files: 0); an import continues at the next. */
  generation?: number
  subscriptions: ExportedSubscription[]
}

export interface ParsedState {
  records: SubscriptionRecord[]
  generation: number
}

const STATES: readonly SubscriptionState[] = ['active', 'unsubscribed', 'expired']

export function exportRecords(records: SubscriptionRecord[], generation: number): ExportedState {
  return {
    version: STATE_VERSION,
    generation,
    subscriptions: records.map((r) => ({
      id: r.id,
      browser: r.browser,
      state: r.state,
      applicationServerKey: r.applicationServerKey,
      endpoint: r.endpoint,
      createdAt: r.createdAt,
      keys: {
        p256dh: encodeBase64Url(r.keys.publicKey),
        auth: encodeBase64Url(r.keys.authSecret),
        privateKey: encodeBase64Url(r.keys.privateKey),
      },
    })),
  }
}

/** Validates a whole state document before any of it is used. */
export function parseRecords(state: unknown): Result<ParsedState> {
  if (!isObject(state) || state.version !== STATE_VERSION || !Array.isArray(state.subscriptions)) {
    return invalid(`expected {version: ${STATE_VERSION}, subscriptions: [...]}`)
  }
  const generation = state.generation ?? 0
  if (typeof generation !== 'number' || !Number.isSafeInteger(generation) || generation < 0) return invalid('generation must be a non-negative integer')
  const records: SubscriptionRecord[] = []
  const seen = new Set<string>()
  for (const [index, entry] of state.subscriptions.entries()) {
    const record = parseRecord(entry)
    if (typeof record === 'string') return invalid(`subscriptions[${index}]: ${record}`)
    if (seen.has(record.id)) return invalid(`subscriptions[${index}]: duplicate id ${record.id}`)
    seen.add(record.id)
    records.push(record)
  }
  return ok({ records, generation })
}

/** A record, or the reason the entry is unusable. */
function parseRecord(entry: unknown): SubscriptionRecord | string {
  if (!isObject(entry)) return 'not an object'
  const { id, browser, state, applicationServerKey, endpoint, createdAt, keys } = entry
  if (typeof browser !== 'string' || !BROWSERS.includes(browser as Browser)) return 'unknown browser'
  if (typeof state !== 'string' || !STATES.includes(state as SubscriptionState)) return 'unknown state'
  if (typeof createdAt !== 'number' || !Number.isFinite(createdAt)) return 'createdAt must be a number'
  let serverKey: string | null = null
  if (applicationServerKey !== null) {
    serverKey = typeof applicationServerKey === 'string' ? (canonicalPublicKey(applicationServerKey) ?? null) : null
    if (serverKey === null) return 'applicationServerKey is not a P-256 public key'
  }
  if (typeof endpoint !== 'string' || typeof id !== 'string') return 'endpoint and id must be strings'
  const prefix = endpointOrigin(endpoint)
  const route = parseEndpointPath(endpoint.slice(prefix.length))
  if (serviceOrigin(prefix) === undefined || !('id' in route) || route.id !== id || !isWellFormedId(id) || route.browser !== browser) {
    return 'endpoint does not match the id and browser'
  }
  // Chrome and Safari paths carry no version: they always need a key (see subscription-store.ts).
  const version = route.version ?? 2
  if ((version === 2) !== (serverKey !== null)) return 'endpoint version does not match the applicationServerKey'
  if (!isObject(keys) || typeof keys.privateKey !== 'string' || typeof keys.p256dh !== 'string' || typeof keys.auth !== 'string') {
    return 'keys must hold p256dh, auth and privateKey'
  }
  const privateKey = decodeBase64Url(keys.privateKey)
  const publicKey = privateKey && publicKeyOf(privateKey)
  if (!privateKey || !publicKey || encodeBase64Url(publicKey) !== keys.p256dh.replace(/=+$/, '')) {
    return 'privateKey is not the key of p256dh'
  }
  const authSecret = decodeBase64Url(keys.auth)
  if (!authSecret || authSecret.length !== 16) return 'auth must be 16 bytes'
  return {
    id,
    browser: browser as Browser,
    version,
    state: state as SubscriptionState,
    applicationServerKey: serverKey,
    endpoint,
    createdAt,
    keys: { privateKey, publicKey, authSecret },
  }
}

/** The scheme://authority prefix of an endpoint URL. */
function endpointOrigin(endpoint: string): string {
  const pathStart = endpoint.indexOf('/', endpoint.indexOf('://') + 3)
  return pathStart === -1 ? endpoint : endpoint.slice(0, pathStart)
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

const invalid = (reason: string): Result<never> =>
  fail(simError('INVALID_ARGUMENT', `Failed to import web push state: ${reason}`, 'pass a value produced by exportState()'))
