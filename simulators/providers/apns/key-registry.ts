/**
 * Provider-token signing keys (§1.6): Key ID → team, P-256 public key and
 * the key's optional environment and topic restrictions.
 */
import { createPublicKey, type KeyObject } from 'node:crypto'
import { fail, ok, simError, type Result } from '../../kernel/errors.ts'
import type { ApnsKeyInfo, ApnsKeyInput } from './types.ts'

export interface ApnsKey extends ApnsKeyInfo {
  readonly publicKey: KeyObject
  /** `topics` as a set for the per-request TopicDisallowed check; null = any. */
  readonly topicSet: ReadonlySet<string> | null
}

export interface KeyRegistry {
  /** Replaces a key registered under the same Key ID. */
  register(input: ApnsKeyInput): Result<ApnsKeyInfo>
  remove(keyId: string): Result<void>
  get(keyId: string): ApnsKey | undefined
  list(): ApnsKeyInfo[]
  clear(): void
}

const ENVIRONMENTS: ReadonlySet<unknown> = new Set(['sandbox', 'production', 'both'])

export function createKeyRegistry(): KeyRegistry {
  const keys = new Map<string, ApnsKey>()

  const register = (input: ApnsKeyInput): Result<ApnsKeyInfo> => {
    const problem = inputProblem(input)
    if (problem !== null) return invalid(problem)
    const publicKey = importP256PublicKey(input.key)
    if (publicKey === null) return invalid('key must be a PEM P-256 EC key (SPKI public key or PKCS#8 .p8 private key)')
    const topics = input.topics === undefined ? null : [...input.topics]
    const key: ApnsKey = {
      keyId: input.keyId,
      teamId: input.teamId,
      environment: input.environment ?? 'both',
      topics,
      publicKey,
      topicSet: topics === null ? null : new Set(topics),
    }
    keys.set(key.keyId, key)
    return ok(infoOf(key))
  }

  const remove = (keyId: string): Result<void> =>
    keys.delete(keyId)
      ? ok(undefined)
      : fail(simError('NOT_FOUND', `Failed to remove APNs key: ${String(keyId)} is not registered`))

  return {
    register,
    remove,
    get: (keyId) => keys.get(keyId),
    list: () => [...keys.values()].map(infoOf),
    clear: () => keys.clear(),
  }
}

const infoOf = (key: ApnsKey): ApnsKeyInfo => ({
  keyId: key.keyId,
  teamId: key.teamId,
  environment: key.environment,
  topics: key.topics === null ? null : [...key.topics],
})

const invalid = (problem: string): Result<never> =>
  fail(simError('INVALID_ARGUMENT', `Failed to register APNs key: ${problem}`))

// Admin input arrives as parsed JSON, so every field is checked at run time.
function inputProblem(input: ApnsKeyInput): string | null {
  if (typeof input !== 'object' || input === null) return 'input must be an object'
  if (!isNonEmptyString(input.keyId)) return 'keyId must be a non-empty string'
  if (!isNonEmptyString(input.teamId)) return 'teamId must be a non-empty string'
  if (typeof input.key !== 'string') return 'key must be a PEM string'
  if (input.environment !== undefined && !ENVIRONMENTS.has(input.environment)) {
    return 'environment must be sandbox, production or both'
  }
  if (input.topics !== undefined) {
    // An empty list would make a key that can push nowhere: almost surely a mistake.
    if (!Array.isArray(input.topics) || input.topics.length === 0 || !input.topics.every(isNonEmptyString)) {
      return 'topics must be a non-empty array of bundle ids, or absent for any topic'
    }
  }
  return null
}

const isNonEmptyString = (value: unknown): value is string => typeof value === 'string' && value !== ''

/** A private key (.p8) yields its public half; anything but P-256 is refused. */
function importP256PublicKey(pem: string): KeyObject | null {
  try {
    const key = createPublicKey(pem)
    if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') return null
    return key
  } catch {
    return null
  }
}
