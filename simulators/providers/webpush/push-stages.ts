import type { DecryptRef, SimRequest } from '../../kernel/exchange.ts'
import { checkEncoding } from './content-encoding.ts'
import type { PushFailure } from './push-failure.ts'
import { checkTopic, checkUrgency, readTtl, type TtlReading } from './push-headers.ts'
import type { SubscriptionRecord } from './subscription-record.ts'
import type { AuthEntry, ClaimPolicy, VapidVerifier } from './vapid-verifier.ts'

/**
 * One push, as it moves through a flavour's checks. Each stage either
 * refuses the push or records what later stages and the answer need.
 */
export interface PushContext {
  readonly request: SimRequest
  readonly record: SubscriptionRecord
  /** scheme://authority of the request: the audience a VAPID JWT must name. */
  readonly origin: string
  readonly nowMs: number
  readonly verifier: VapidVerifier
  readonly rules: FlavourRules
  auth: AuthEntry | undefined
  ttl: TtlReading | undefined
  ref: Omit<DecryptRef, 'subscriptionId'> | undefined
}

export interface FlavourRules {
  maxBodyBytes: number
  allowBearer: boolean
  claims: ClaimPolicy
}

export type Stage = (ctx: PushContext) => PushFailure | undefined

export const readAuth: Stage = (ctx) => {
  const headers = ctx.request.headers
  const auth = ctx.verifier.read(headers['authorization'], headers['crypto-key'], ctx.rules.allowBearer)
  ctx.auth = auth
  return 'failure' in auth.reading ? auth.reading.failure : undefined
}

/** A key-restricted subscription needs VAPID with exactly its key (RFC 8292 §4.2). */
export const bindKey: Stage = (ctx) => {
  const expected = ctx.record.applicationServerKey
  if (expected === null) return undefined
  const auth = ctx.auth
  const credentials = auth && 'credentials' in auth.reading ? auth.reading.credentials : undefined
  if (auth === undefined || credentials === undefined) return { kind: 'auth', problem: 'missing' }
  const key = ctx.verifier.key(auth, credentials.key)
  if ('problem' in key) return { kind: 'auth', problem: key.problem, detail: key.detail }
  return key.canonical === expected ? undefined : { kind: 'auth', problem: 'key-mismatch' }
}

export const verifyJwt: Stage = (ctx) => {
  const auth = ctx.auth
  const credentials = auth && 'credentials' in auth.reading ? auth.reading.credentials : undefined
  if (auth === undefined || credentials === undefined) return undefined
  const key = ctx.verifier.key(auth, credentials.key)
  if ('problem' in key) return { kind: 'auth', problem: key.problem, detail: key.detail }
  const verdict = ctx.verifier.check(auth, credentials.token, key, ctx.nowMs, ctx.origin, ctx.rules.claims)
  return verdict === undefined ? undefined : { kind: 'auth', ...verdict }
}

export const checkState: Stage = (ctx) => {
  const state = ctx.record.state
  return state === 'active' ? undefined : { kind: 'gone', state }
}

const TOO_LARGE: PushFailure = { kind: 'too-large' }

export const checkSize: Stage = (ctx) =>
  ctx.request.bodyOverflow || ctx.request.bodyLength > ctx.rules.maxBodyBytes ? TOO_LARGE : undefined

/** Missing or unparsable TTL; autopush reports this before encryption problems. */
export const checkTtlPresent: Stage = (ctx) => {
  const reading = ttlOf(ctx)
  return 'failure' in reading && reading.failure.kind === 'ttl' && reading.failure.problem === 'missing' ? reading.failure : undefined
}

/** Negative TTL; autopush reports this with the other validation errors, after encryption. */
export const checkTtlSign: Stage = (ctx) => {
  const reading = ttlOf(ctx)
  return 'failure' in reading ? reading.failure : undefined
}

export const checkContentEncoding: Stage = (ctx) => {
  const reading = checkEncoding(ctx.request)
  if ('failure' in reading) return reading.failure
  ctx.ref = reading.ref
  return undefined
}

export const checkTopicHeader: Stage = (ctx) => checkTopic(ctx.request.headers['topic'])

export const checkUrgencyHeader: Stage = (ctx) => checkUrgency(ctx.request.headers['urgency'])

function ttlOf(ctx: PushContext): TtlReading {
  ctx.ttl ??= readTtl(ctx.request.headers['ttl'])
  return ctx.ttl
}
