import type { Clock } from '../../kernel/clock.ts'
import { fail, ok, simError, type Result } from '../../kernel/errors.ts'
import type { Rng } from '../../kernel/rng.ts'
import { encodeBase64Url } from './base64url.ts'
import { endpointPath, ID_BYTES, type ApiVersion } from './endpoint-paths.ts'
import { canonicalPublicKey, generateKeyPair } from './p256.ts'
import type { SubscriptionRecord } from './subscription-record.ts'
import { BROWSERS, type SubscribeInput } from './types.ts'

/** The registry of subscriptions the simulated browsers hold. */
export interface SubscriptionStore {
  subscribe(input: SubscribeInput): Result<SubscriptionRecord>
  get(id: string): SubscriptionRecord | undefined
  remove(id: string): boolean
  all(): SubscriptionRecord[]
  /** Replaces every record at once (state import). */
  replaceAll(records: SubscriptionRecord[]): void
  clear(): void
}

export function createSubscriptionStore(clock: Clock, rng: Rng): SubscriptionStore {
  const records = new Map<string, SubscriptionRecord>()
  // Separate streams: drawing keys never shifts the ids of later subscriptions.
  const idRng = rng.fork('webpush/ids')
  const keyRng = rng.fork('webpush/keys')

  const newId = (bytes: number): string => {
    for (;;) {
      const id = encodeBase64Url(idRng.bytes(bytes))
      if (!records.has(id)) return id
    }
  }

  return {
    subscribe(input) {
      const checked = checkInput(input)
      if (!checked.ok) return checked
      const { origin, applicationServerKey } = checked.value
      const version: ApiVersion = applicationServerKey === null ? 1 : 2
      const id = newId(ID_BYTES[input.browser](version))
      const pair = generateKeyPair(keyRng)
      const record: SubscriptionRecord = {
        id,
        browser: input.browser,
        version,
        state: 'active',
        applicationServerKey,
        endpoint: origin + endpointPath(input.browser, id, version),
        createdAt: clock.now(),
        keys: { ...pair, authSecret: keyRng.bytes(16) },
      }
      records.set(id, record)
      return ok(record)
    },
    get: (id) => records.get(id),
    remove: (id) => records.delete(id),
    all: () => [...records.values()],
    replaceAll(next) {
      records.clear()
      for (const record of next) records.set(record.id, record)
    },
    clear: () => records.clear(),
  }
}

interface CheckedInput {
  origin: string
  applicationServerKey: string | null
}

function checkInput(input: SubscribeInput): Result<CheckedInput> {
  if (typeof input !== 'object' || input === null) return invalid('the input must be an object')
  if (!BROWSERS.includes(input.browser)) return invalid(`unknown browser ${JSON.stringify(input.browser)}`, `use one of ${BROWSERS.join(', ')}`)
  const origin = serviceOrigin(input.origin)
  if (origin === undefined) {
    return invalid(`origin ${JSON.stringify(input.origin)} is not scheme://host[:port]`, "e.g. 'http://127.0.0.1:7775'")
  }
  if (input.applicationServerKey === undefined) {
    // Chrome and Safari refuse PushManager.subscribe without a key (Safari
    // always; Chrome unless a gcm_sender_id manifest exists, not simulated).
    if (input.browser === 'chrome' || input.browser === 'safari') {
      return invalid(`${input.browser} subscriptions need an applicationServerKey`, 'pass the VAPID public key')
    }
    return ok({ origin, applicationServerKey: null })
  }
  const key = typeof input.applicationServerKey === 'string' ? canonicalPublicKey(input.applicationServerKey) : undefined
  if (key === undefined) {
    return invalid(
      'applicationServerKey is not a base64url 65-byte uncompressed P-256 point',
      'use the VAPID public key, e.g. from web-push generateVAPIDKeys()',
    )
  }
  return ok({ origin, applicationServerKey: key })
}

/** `scheme://host[:port]` with nothing after it, normalised (default port dropped, lower case). */
export function serviceOrigin(text: unknown): string | undefined {
  if (typeof text !== 'string') return undefined
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return undefined
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') return undefined
  return url.origin
}

const invalid = (reason: string, hint?: string): Result<never> => fail(simError('INVALID_ARGUMENT', `Failed to subscribe: ${reason}`, hint))
