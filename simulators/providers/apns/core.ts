/**
 * The APNs provider core: decides the answer to one `POST /3/device/<token>`
 * exchange, synchronously, in the order §1.8 suggests [interp]:
 * method, path, duplicate headers, provider token, topic and push type,
 * other apns-* headers, device token, payload, rate limit, token state.
 */
import type { Outcome, SimRequest } from '../../kernel/exchange.ts'
import type { Rng } from '../../kernel/rng.ts'
import { bindTeam, createAuthorizer } from './connection-auth.ts'
import { parseDevicePath } from './device-path.ts'
import { isWellFormedDeviceToken, normaliseDeviceToken } from './device-token.ts'
import { environmentOf } from './environment.ts'
import { createKeyRegistry } from './key-registry.ts'
import { resolveApnsOptions } from './options.ts'
import { checkPayload } from './payload.ts'
import { createProviderTokenVerifier } from './provider-token.ts'
import { createTokenRateLimiter } from './rate-limit.ts'
import {
  checkCollapseId,
  checkExpiration,
  checkMessageId,
  checkPriority,
  hasDuplicateHeaders,
  isCanonicalUuid,
} from './request-headers.ts'
import { gone, rejection, success, type Exchange } from './responses.ts'
import { createTokenRegistry } from './token-registry.ts'
import { resolveTopic } from './topics.ts'
import type { ApnsCore, ApnsOptions } from './types.ts'

/** §1.8: one stream until the first request with a valid provider token. */
const INITIAL_MAX_CONCURRENT_STREAMS = 1

/** Throws a RangeError for invalid options; use resolveApnsOptions to get the error as a value. */
export function createApnsCore(options: ApnsOptions): ApnsCore {
  const resolved = resolveApnsOptions(options)
  if (!resolved.ok) throw new RangeError(resolved.error.message)
  const { clock, rng, defaultEnvironment, maxConcurrentStreams, environmentKeyReason, tokenRateLimit } = resolved.value
  const keys = createKeyRegistry()
  const tokens = createTokenRegistry(clock)
  const verifier = createProviderTokenVerifier(keys)
  const authorize = createAuthorizer(verifier, environmentKeyReason)
  const limiter = tokenRateLimit === null ? null : createTokenRateLimiter(tokenRateLimit, clock)

  function decide(request: SimRequest): Outcome {
    const exchange: Exchange = {
      apnsId: messageIdOf(request, rng),
      environment: environmentOf(request.authority, defaultEnvironment),
      target: '',
      effect: undefined,
    }
    if (request.method !== 'POST') return rejection(exchange, 'MethodNotAllowed')
    const path = parseDevicePath(request.path)
    if (path.kind === 'bad-path') return rejection(exchange, 'BadPath')
    if (path.kind === 'missing-token') return rejection(exchange, 'MissingDeviceToken')
    exchange.target = normaliseDeviceToken(path.token)
    if (hasDuplicateHeaders(request.rawHeaders)) return rejection(exchange, 'DuplicateHeaders')

    const now = clock.now()
    const auth = authorize(request, exchange.environment, now)
    if (!auth.ok) return rejection(exchange, auth.reason)
    if (auth.grantStreams) exchange.effect = { maxConcurrentStreams }

    const headers = request.headers
    const topic = headers['apns-topic']
    if (topic === undefined || topic === '') return rejection(exchange, 'MissingTopic')
    const route = resolveTopic(headers['apns-push-type'], topic)
    if (!route.ok) return rejection(exchange, route.reason)
    const { pushType, bundleId } = route
    // [interp] A key restricted to topics (§1.6 topic-specific keys) refuses other bundle ids.
    if (auth.key.topicSet !== null && !auth.key.topicSet.has(bundleId)) return rejection(exchange, 'TopicDisallowed')
    const headerReason =
      checkMessageId(headers['apns-id']) ??
      checkPriority(headers['apns-priority'], pushType) ??
      checkExpiration(headers['apns-expiration']) ??
      checkCollapseId(headers['apns-collapse-id'])
    if (headerReason !== null) return rejection(exchange, headerReason)

    if (!isWellFormedDeviceToken(path.token)) return rejection(exchange, 'BadDeviceToken')
    const record = tokens.get(exchange.target)
    if (record !== undefined) {
      // §1.4: a token of the other environment is BadDeviceToken.
      if (record.environment !== null && record.environment !== exchange.environment) {
        return rejection(exchange, 'BadDeviceToken')
      }
      // [interp] A token registered for a topic accepts that topic or its bundle id.
      if (record.topic !== null && record.topic !== topic && record.topic !== bundleId) {
        return rejection(exchange, 'DeviceTokenNotForTopic')
      }
    }
    const payloadReason = checkPayload(request, pushType)
    if (payloadReason !== null) return rejection(exchange, payloadReason)
    if (limiter !== null && limiter.exceeds(exchange.target)) return rejection(exchange, 'TooManyRequests')
    if (record !== undefined && record.state !== 'valid') {
      // [interp] ExpiredToken carries a timestamp too: §1.7 allows one on every 410.
      const reason = record.state === 'unregistered' ? 'Unregistered' : 'ExpiredToken'
      return gone(exchange, reason, record.unregisteredAt ?? now)
    }

    bindTeam(request.connection, auth.key.teamId)
    // §1.5: apns-unique-id exists only in the development (sandbox) environment.
    return success(exchange, exchange.environment === 'sandbox' ? rng.uuid() : undefined)
  }

  return {
    name: 'apns',
    initialMaxConcurrentStreams: INITIAL_MAX_CONCURRENT_STREAMS,
    subjectOf(request) {
      const path = parseDevicePath(request.path)
      return { flavour: environmentOf(request.authority, defaultEnvironment), target: path.kind === 'device' ? normaliseDeviceToken(path.token) : undefined }
    },
    handle(request) {
      try {
        return decide(request)
      } catch {
        // Last resort so that handle() never throws; no known input gets here.
        const apnsId = rng.uuid()
        return rejection({ apnsId, environment: defaultEnvironment, target: '', effect: undefined }, 'InternalServerError')
      }
    },
    reset() {
      keys.clear()
      tokens.clear()
      verifier.clear()
      limiter?.clear()
    },
    registerKey(input) {
      const result = keys.register(input)
      // Cached verdicts depend on the keys: a token may become (in)valid.
      if (result.ok) verifier.clear()
      return result
    },
    removeKey(keyId) {
      const result = keys.remove(keyId)
      if (result.ok) verifier.clear()
      return result
    },
    listKeys: () => keys.list(),
    registerToken: (input) => tokens.register(input),
    unregisterToken: (token, atEpochMs) => tokens.unregister(token, atEpochMs),
    removeToken: (token) => tokens.remove(token),
    listTokens: () => tokens.list(),
  }
}

/** §1.2: a valid `apns-id` is echoed; otherwise (absent or malformed) one is generated. */
function messageIdOf(request: SimRequest, rng: Rng): string {
  const given = request.headers['apns-id']
  return given !== undefined && isCanonicalUuid(given) ? given : rng.uuid()
}
