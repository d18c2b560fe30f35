/**
 * ApnsOptions with defaults applied, checked once at construction.
 */
import type { Clock } from '../../kernel/clock.ts'
import { fail, ok, simError, type Result } from '../../kernel/errors.ts'
import type { Rng } from '../../kernel/rng.ts'
import type { TokenRateLimit } from './rate-limit.ts'
import type { ApnsEnvironment, ApnsOptions, EnvironmentKeyReason } from './types.ts'

export interface ResolvedApnsOptions {
  clock: Clock
  rng: Rng
  defaultEnvironment: ApnsEnvironment
  maxConcurrentStreams: number
  environmentKeyReason: EnvironmentKeyReason
  tokenRateLimit: TokenRateLimit | null
}

// [obs] 1000 in a 2021 SETTINGS log (§1.8).
const DEFAULT_MAX_CONCURRENT_STREAMS = 1000
// SETTINGS values are 32-bit (RFC 9113 §6.5.1).
const MAX_STREAMS_SETTING = 2 ** 32 - 1

/** For callers (CLI, admin API) that want the error as a value rather than a throw. */
export function resolveApnsOptions(options: ApnsOptions): Result<ResolvedApnsOptions> {
  const environment = options.defaultEnvironment ?? 'sandbox'
  if (environment !== 'sandbox' && environment !== 'production') {
    return invalid('defaultEnvironment must be sandbox or production')
  }
  const streams = options.maxConcurrentStreams ?? DEFAULT_MAX_CONCURRENT_STREAMS
  if (!Number.isInteger(streams) || streams < 1 || streams > MAX_STREAMS_SETTING) {
    return invalid('maxConcurrentStreams must be an integer from 1 to 2^32-1')
  }
  const reason = options.environmentKeyReason ?? 'BadEnvironmentKeyInToken'
  if (reason !== 'BadEnvironmentKeyInToken' && reason !== 'BadEnvironmentKeyIdInToken') {
    return invalid('environmentKeyReason must be BadEnvironmentKeyInToken or BadEnvironmentKeyIdInToken')
  }
  const limit = options.tokenRateLimit
  if (limit !== undefined && !(Number.isInteger(limit.limit) && limit.limit >= 1 && limit.windowMs > 0)) {
    return invalid('tokenRateLimit needs an integer limit >= 1 and a windowMs > 0')
  }
  return ok({
    clock: options.clock,
    rng: options.rng,
    defaultEnvironment: environment,
    maxConcurrentStreams: streams,
    environmentKeyReason: reason,
    tokenRateLimit: limit === undefined ? null : { limit: limit.limit, windowMs: limit.windowMs },
  })
}

const invalid = (problem: string): Result<never> =>
  fail(simError('INVALID_ARGUMENT', `Failed to configure the APNs simulator: ${problem}`))
