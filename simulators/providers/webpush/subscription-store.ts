import type { Clock } from '../../kernel/clock.ts'
import { fail, ok, simError, type Result } from '../../kernel/errors.ts'
import type { Rng } from '../../kernel/rng.ts'
import { encodeBase64Url } from './base64url.ts'
import { endpointPath, ID_BYTES, ID_TAG, type ApiVersion } from './endpoint-paths.ts'
import { generateKeyPair } from './p256.ts'
import { checkSubscribeInput, type InputProblem } from './subscribe-input.ts'
import type { SubscriptionRecord, UserAgentKeys } from './subscription-record.ts'
import type { Browser, SubscribeInput } from './types.ts'

export { serviceOrigin } from './subscribe-input.ts'

/** The registry of subscriptions the simulated browsers hold. */
export interface SubscriptionStore {
  subscribe(input: SubscribeInput): Result<SubscriptionRecord>
  get(id: string): SubscriptionRecord | undefined
  remove(id: string): boolean
  all(): SubscriptionRecord[]
  /** Replaces every record at once (state import); later draws come from the streams of `generation`. */
  replaceAll(records: SubscriptionRecord[], generation: number): void
  clear(): void
  /** Which seeded streams ids and keys are drawn from: 0 on a fresh start, one more per import of a saved state. */
  generation(): number
}

/**
 * Ids and keys are drawn from the seed, so a replayed run creates the same
 * subscriptions; and never one the store already holds: an id or a public
 * key in use is drawn again. A saved state is continued on fresh streams
 * (`generation`), so a restart with the same seed does not walk through the
 * previous run's draws again.
 */
export function createSubscriptionStore(clock: Clock, rng: Rng): SubscriptionStore {
  const records = new Map<string, SubscriptionRecord>()
  /** Subscriptions per public key (base64url): a caller may give two subscriptions the same keys, a draw never does. */
  const publicKeys = new Map<string, number>()
  let generation = 0
  let idRng: Rng
  let keyRng: Rng
  const useGeneration = (next: number): void => {
    generation = next
    const base = next === 0 ? rng : rng.fork(`generation/${next}`)
    // Separate streams: drawing keys never shifts the ids of later subscriptions.
    idRng = base.fork('webpush/ids')
    keyRng = base.fork('webpush/keys')
  }
  useGeneration(0)

  const holdKey = (record: SubscriptionRecord, delta: 1 | -1): void => {
    const key = encodeBase64Url(record.keys.publicKey)
    const count = (publicKeys.get(key) ?? 0) + delta
    if (count > 0) publicKeys.set(key, count)
    else publicKeys.delete(key)
  }

  const newId = (browser: Browser, version: ApiVersion): string => {
    for (;;) {
      // The tag replaces the first character, so the length stays the real token size.
      const id = ID_TAG[browser](version) + encodeBase64Url(idRng.bytes(ID_BYTES[browser](version))).slice(1)
      if (!records.has(id)) return id
    }
  }

  const newKeys = (): UserAgentKeys => {
    for (;;) {
      const pair = generateKeyPair(keyRng)
      const keys = { ...pair, authSecret: keyRng.bytes(16) }
      if (!publicKeys.has(encodeBase64Url(keys.publicKey))) return keys
    }
  }

  return {
    subscribe(input) {
      const checked = checkSubscribeInput(input)
      if (!checked.ok) return invalid(checked.problems)
      const { origin, applicationServerKey, id: givenId, keys: givenKeys } = checked.value
      if (givenId !== undefined && records.has(givenId)) {
        return fail(simError('CONFLICT', `Failed to subscribe: id ${givenId} is already taken`, 'omit id to get a fresh one, or delete that subscription first'))
      }
      const version: ApiVersion = applicationServerKey === null ? 1 : 2
      const id = givenId ?? newId(input.browser, version)
      const record: SubscriptionRecord = {
        id,
        browser: input.browser,
        version,
        state: 'active',
        applicationServerKey,
        endpoint: origin + endpointPath(input.browser, id, version),
        createdAt: clock.now(),
        keys: givenKeys ?? newKeys(),
      }
      records.set(id, record)
      holdKey(record, 1)
      return ok(record)
    },
    get: (id) => records.get(id),
    remove(id) {
      const record = records.get(id)
      if (record === undefined) return false
      records.delete(id)
      holdKey(record, -1)
      return true
    },
    all: () => [...records.values()],
    replaceAll(next, nextGeneration) {
      records.clear()
      publicKeys.clear()
      for (const record of next) {
        records.set(record.id, record)
        holdKey(record, 1)
      }
      useGeneration(nextGeneration)
    },
    clear() {
      records.clear()
      publicKeys.clear()
    },
    generation: () => generation,
  }
}

function invalid(problems: InputProblem[]): Result<never> {
  const hint = problems.find((problem) => problem.hint !== undefined)?.hint
  return fail(simError('INVALID_ARGUMENT', `Failed to subscribe: ${problems.map((problem) => problem.reason).join('; ')}`, hint))
}
