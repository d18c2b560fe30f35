import { respond, type ExchangeNote, type Outcome, type RequestSubject, type SimRequest, type SimResponse } from '../../kernel/index.ts'
import { AccessTokenStore } from './access-tokens.ts'
import { googleError } from '../../catalogue/wire/google-error.ts'
import { methodNotAllowedPage, notFoundPage, tooLargePage } from './gfe-pages.ts'
import { handleLegacySend, LEGACY_PATH } from './legacy-endpoint.ts'
import { handleSend, sendTarget } from './send-endpoint.ts'
import { ServiceAccountRegistry } from './service-accounts.ts'
import { handleTokenRequest, TOKEN_PATHS } from './token-endpoint.ts'
import { TokenRegistry } from './token-registry.ts'
import type { FcmCore, FcmOptions } from './types.ts'

export type * from './types.ts'
export { fcmCannedError, type CannedErrorOptions, type FcmCannedError } from '../../catalogue/wire/fcm-canned-errors.ts'
export { isWellFormedToken } from './token-registry.ts'
export { JWT_BEARER_GRANT, TOKEN_PATHS } from './token-endpoint.ts'

const SEND_PREFIX = '/v1/projects/'
const SEND_SUFFIX = '/messages:send'

/** The project of a `/v1/projects/{project}/messages:send` path, or null. */
export function sendPathProject(path: string): string | null {
  if (!path.startsWith(SEND_PREFIX) || !path.endsWith(SEND_SUFFIX)) return null
  const project = path.slice(SEND_PREFIX.length, -SEND_SUFFIX.length)
  return project === '' || project.includes('/') ? null : project
}

/** Whether a path (query ignored) is one this core serves rather than answers 404 to. */
export function isFcmRoute(path: string): boolean {
  const route = routeOf(path)
  return TOKEN_PATHS.has(route) || route === LEGACY_PATH || sendPathProject(route) !== null
}

/** Token and legacy requests: faults match them by provider, route, headers and connection only. [interp] */
const NO_SUBJECT: RequestSubject = Object.freeze({ flavour: undefined, target: undefined })
const CREDENTIAL_SUBJECT: RequestSubject = Object.freeze({ flavour: undefined, target: undefined, credentials: true })

const routeOf = (path: string): string => {
  const query = path.indexOf('?')
  return query === -1 ? path : path.slice(0, query)
}

/**
 * FCM HTTP v1, Google's OAuth token endpoint and the retired legacy API in
 * one transport-free core: adapters hand it every request for
 * fcm.googleapis.com and oauth2.googleapis.com.
 */
export function createFcmCore(options: FcmOptions): FcmCore {
  const { clock, rng } = options
  const ttlSeconds = options.accessTokenTtlSeconds ?? 3600
  const legacyMode = options.legacyApi ?? 'deprecated-api'
  const accounts = new ServiceAccountRegistry()
  const registry = new TokenRegistry()
  const accessTokens = new AccessTokenStore(clock, rng.fork('fcm/access-tokens'), ttlSeconds)
  const sendDeps = { tokens: accessTokens, registry, clock, rng: rng.fork('fcm/message-ids') }
  const tokenDeps = { accounts, tokens: accessTokens, nowMs: () => clock.now(), ttlSeconds }
  const legacyRng = rng.fork('fcm/legacy')

  const outcome = (response: SimResponse, note: ExchangeNote): Outcome => respond(response.status, response.headers, response.body, note)
  const refuse = (response: SimResponse, reason: string): Outcome => outcome(response, { target: '', flavour: '', reason })

  function route(request: SimRequest): Outcome {
    const path = routeOf(request.path)
    const isPost = request.method === 'POST'
    const project = sendPathProject(path)
    if (project !== null) {
      if (!isPost) return refuse(methodNotAllowedPage(request.method, path), 'MethodNotAllowed')
      const answer = handleSend(request, project, sendDeps)
      return outcome(answer.response, answer.note)
    }
    const known = TOKEN_PATHS.has(path) || path === LEGACY_PATH
    if (!known) return refuse(notFoundPage(path), 'NotFound')
    if (!isPost) return refuse(methodNotAllowedPage(request.method, path), 'MethodNotAllowed')
    // [interp] GFE's 413 for bodies past the adapter's limit; messages:send answers FCM's own size error instead.
    if (request.bodyOverflow) return refuse(tooLargePage(), 'PayloadTooLarge')
    const answer = path === LEGACY_PATH ? handleLegacySend(request, legacyMode, legacyRng) : handleTokenRequest(request, path, tokenDeps)
    return outcome(answer.response, answer.note)
  }

  return {
    name: 'fcm',
    subjectOf(request) {
      const route = routeOf(request.path)
      const project = sendPathProject(route)
      if (project === null) return TOKEN_PATHS.has(route) ? CREDENTIAL_SUBJECT : NO_SUBJECT
      let parsed = false
      let target: string | undefined
      return {
        flavour: project,
        // Read when a fault first asks: most plans never match on the target, and parsing is the costly part.
        get target() {
          if (!parsed) {
            parsed = true
            target = sendTarget(request.body)
          }
          return target
        },
      }
    },
    handle(request) {
      try {
        return route(request)
      } catch {
        // Defensive: an input no rule foresaw still gets Google's answer, never a throw.
        return refuse(googleError(500, 'INTERNAL', 'Internal error encountered.'), 'INTERNAL')
      }
    },
    reset() {
      accounts.clear()
      registry.clear()
      accessTokens.clear()
    },
    registerServiceAccount: (input) => accounts.register(input),
    listServiceAccounts: () => accounts.list(),
    registerToken: (input) => registry.register(input),
    unregisterToken: (token) => registry.unregister(token),
    removeToken: (token) => registry.remove(token),
    listTokens: () => registry.list(),
    expireAccessTokens: () => accessTokens.expireAll(),
  }
}
