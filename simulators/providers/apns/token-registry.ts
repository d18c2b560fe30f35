/**
 * Device tokens registered at run time. Unregistered tokens are implicitly
 * valid in every environment and for every topic.
 */
import type { Clock } from '../../kernel/clock.ts'
import { fail, ok, simError, type Result } from '../../kernel/errors.ts'
import { isWellFormedDeviceToken, normaliseDeviceToken } from './device-token.ts'
import type { ApnsTokenInput, ApnsTokenRecord, ApnsTokenState } from './types.ts'

const STATES: ReadonlySet<unknown> = new Set<ApnsTokenState>(['valid', 'unregistered', 'expired'])
const ENVIRONMENTS: ReadonlySet<unknown> = new Set(['sandbox', 'production'])

export interface TokenRegistry {
  register(input: ApnsTokenInput): Result<ApnsTokenRecord>
  unregister(token: string, atEpochMs?: number): Result<ApnsTokenRecord>
  remove(token: string): Result<void>
  /** Hot path: the stored record itself (callers must not mutate it); the token must be normalised. */
  get(normalisedToken: string): ApnsTokenRecord | undefined
  list(): ApnsTokenRecord[]
  clear(): void
}

export function createTokenRegistry(clock: Clock): TokenRegistry {
  const records = new Map<string, ApnsTokenRecord>()

  const register = (input: ApnsTokenInput): Result<ApnsTokenRecord> => {
    const problem = inputProblem(input)
    if (problem !== null) return fail(simError('INVALID_ARGUMENT', `Failed to register APNs token: ${problem}`))
    const state = input.state ?? 'valid'
    const record: ApnsTokenRecord = {
      token: normaliseDeviceToken(input.token),
      state,
      topic: input.topic ?? null,
      environment: input.environment ?? null,
      unregisteredAt: state === 'valid' ? null : (input.unregisteredAt ?? clock.now()),
    }
    records.set(record.token, record)
    return ok({ ...record })
  }

  // Keeps the token's topic and environment; an unknown token was implicitly
  // valid, so marking it unregistered registers it.
  const unregister = (token: string, atEpochMs?: number): Result<ApnsTokenRecord> => {
    const existing = typeof token === 'string' ? records.get(normaliseDeviceToken(token)) : undefined
    return register({
      token,
      state: 'unregistered',
      ...(existing?.topic ? { topic: existing.topic } : {}),
      ...(existing?.environment ? { environment: existing.environment } : {}),
      ...(atEpochMs === undefined ? {} : { unregisteredAt: atEpochMs }),
    })
  }

  const remove = (token: string): Result<void> => {
    const key = typeof token === 'string' ? normaliseDeviceToken(token) : ''
    if (!records.delete(key)) {
      return fail(simError('NOT_FOUND', `Failed to remove APNs token: ${String(token)} is not registered`))
    }
    return ok(undefined)
  }

  return {
    register,
    unregister,
    remove,
    get: (normalisedToken) => records.get(normalisedToken),
    list: () => [...records.values()].map((record) => ({ ...record })),
    clear: () => records.clear(),
  }
}

// Admin input arrives as parsed JSON, so every field is checked at run time.
function inputProblem(input: ApnsTokenInput): string | null {
  if (typeof input !== 'object' || input === null) return 'input must be an object'
  if (typeof input.token !== 'string' || !isWellFormedDeviceToken(input.token)) {
    return 'token must be 64 to 200 hex characters of even length'
  }
  if (input.state !== undefined && !STATES.has(input.state)) {
    return 'state must be valid, unregistered or expired'
  }
  if (input.topic !== undefined && (typeof input.topic !== 'string' || input.topic === '')) {
    return 'topic must be a non-empty string'
  }
  if (input.environment !== undefined && !ENVIRONMENTS.has(input.environment)) {
    return 'environment must be sandbox or production'
  }
  if (input.unregisteredAt !== undefined && !isEpochMs(input.unregisteredAt)) {
    return 'unregisteredAt must be a non-negative integer (epoch ms)'
  }
  return null
}

const isEpochMs = (value: unknown): boolean => Number.isSafeInteger(value) && (value as number) >= 0
