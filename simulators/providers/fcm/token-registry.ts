import { fail, ok, simError, type Result } from '../../kernel/index.ts'
import type { FcmTokenInput, FcmTokenRecord, FcmTokenState } from './types.ts'

/**
 * Registration-token format the simulator accepts [interp]: 1–4096 characters
 * of FCM's token alphabet (real tokens look like `<22 chars>:APA91b<…>`, ~160
 * characters, but short test tokens such as §2.2's `tok123` must pass).
 * The strings `undefined` and `null` are refused: they are what a sender
 * that lost its token actually sends, and FCM cannot parse them.
 */
const TOKEN_FORMAT = /^[A-Za-z0-9_:-]{1,4096}$/
const NOT_TOKENS: ReadonlySet<string> = new Set(['undefined', 'null'])

export const isWellFormedToken = (token: string): boolean => TOKEN_FORMAT.test(token) && !NOT_TOKENS.has(token)

const STATES: ReadonlySet<string> = new Set<FcmTokenState>(['valid', 'unregistered'])

/**
 * Registration tokens with a known fate. Tokens not listed are valid for
 * every project: the registry only holds the exceptions a scenario sets up.
 */
export class TokenRegistry {
  readonly #tokens = new Map<string, FcmTokenRecord>()

  register(input: FcmTokenInput): Result<FcmTokenRecord> {
    if (typeof input !== 'object' || input === null) return invalid('register', 'expected an object')
    const { token, project, state = 'valid' } = input
    if (typeof token !== 'string' || !isWellFormedToken(token)) return invalid('register', 'not a valid FCM registration token')
    if (project !== undefined && (typeof project !== 'string' || project === '')) {
      return invalid('register', 'project must be a non-empty string when given')
    }
    if (!STATES.has(state)) return invalid('register', `state must be 'valid' or 'unregistered'`)
    const record: FcmTokenRecord = { token, project: project ?? null, state }
    this.#tokens.set(token, record)
    return ok({ ...record })
  }

  /** Marks a token unregistered; a token never registered is added as such (it was valid by default). */
  unregister(token: string): Result<FcmTokenRecord> {
    if (typeof token !== 'string' || !isWellFormedToken(token)) return invalid('unregister', 'not a valid FCM registration token')
    const record: FcmTokenRecord = { token, project: this.#tokens.get(token)?.project ?? null, state: 'unregistered' }
    this.#tokens.set(token, record)
    return ok({ ...record })
  }

  remove(token: string): Result<void> {
    if (!this.#tokens.delete(token)) {
      return fail(simError('NOT_FOUND', `Failed to remove token: ${JSON.stringify(token)} is not registered`))
    }
    return ok(undefined)
  }

  get(token: string): FcmTokenRecord | undefined {
    return this.#tokens.get(token)
  }

  list(): FcmTokenRecord[] {
    return [...this.#tokens.values()].map((record) => ({ ...record }))
  }

  clear(): void {
    this.#tokens.clear()
  }
}

const invalid = (verb: string, reason: string): Result<never> =>
  fail(simError('INVALID_ARGUMENT', `Failed to ${verb} token: ${reason}`))
