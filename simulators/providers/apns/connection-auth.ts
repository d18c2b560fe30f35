/**
 * Provider-token rules that depend on time and on the connection (§1.6):
 * token age, key environment, the team a connection is bound to, token
 * update frequency, and the stream grant after the first valid token (§1.8).
 */
import type { ConnectionInfo, SimRequest } from '../../kernel/exchange.ts'
import type { ApnsKey } from './key-registry.ts'
import type { ProviderTokenVerifier } from './provider-token.ts'
import type { ApnsEnvironment, EnvironmentKeyReason } from './types.ts'

export type AuthReason =
  | 'MissingProviderToken'
  | 'InvalidProviderToken'
  | 'ExpiredProviderToken'
  | 'UnrelatedKeyIdInToken'
  | 'TooManyProviderTokenUpdates'
  | EnvironmentKeyReason

export type Authorization = { ok: true; key: ApnsKey; grantStreams: boolean } | { ok: false; reason: AuthReason }

/** What APNs remembers about one connection; kept in `connection.state.apns`. */
export interface ApnsConnectionState {
  /** The provider token in use on the connection, once one passed every check. */
  token: string | null
  tokenIssuedAtMs: number
  adoptedAtMs: number
  /** [interp] The team bound on the connection's first successful push. */
  teamId: string | null
  streamsGranted: boolean
}

const STATE_KEY = 'apns'
const TOKEN_MAX_AGE_MS = 60 * 60_000
const TOKEN_UPDATE_INTERVAL_MS = 20 * 60_000
const BEARER = 'bearer '

export function connectionState(connection: ConnectionInfo): ApnsConnectionState {
  const existing = connection.state[STATE_KEY] as ApnsConnectionState | undefined
  if (existing !== undefined) return existing
  const created: ApnsConnectionState = {
    token: null,
    tokenIssuedAtMs: 0,
    adoptedAtMs: 0,
    teamId: null,
    streamsGranted: false,
  }
  connection.state[STATE_KEY] = created
  return created
}

/** `bearer <jwt>`: '' when the token is absent, null when the scheme is not bearer. */
function bearerToken(header: string | undefined): string | null {
  if (header === undefined) return ''
  const trimmed = header.trim()
  if (trimmed === '' || trimmed.toLowerCase() === 'bearer') return ''
  if (trimmed.length < BEARER.length || trimmed.slice(0, BEARER.length).toLowerCase() !== BEARER) return null
  return trimmed.slice(BEARER.length).trim()
}

export function createAuthorizer(verifier: ProviderTokenVerifier, environmentKeyReason: EnvironmentKeyReason) {
  return function authorize(request: SimRequest, environment: ApnsEnvironment, nowMs: number): Authorization {
    const jwt = bearerToken(request.headers.authorization)
    if (jwt === '') return { ok: false, reason: 'MissingProviderToken' }
    // [interp] A non-bearer scheme is a token that cannot be valid.
    if (jwt === null) return { ok: false, reason: 'InvalidProviderToken' }
    const check = verifier.check(jwt)
    if (!check.ok) return { ok: false, reason: 'InvalidProviderToken' }
    if (nowMs - check.issuedAtMs > TOKEN_MAX_AGE_MS) return { ok: false, reason: 'ExpiredProviderToken' }
    const { key } = check
    if (key.environment !== 'both' && key.environment !== environment) {
      return { ok: false, reason: environmentKeyReason }
    }

    const state = connectionState(request.connection)
    // [interp] "Unrelated" = a key of another team than the one bound on the first push.
    if (state.teamId !== null && state.teamId !== key.teamId) return { ok: false, reason: 'UnrelatedKeyIdInToken' }
    if (state.token !== jwt) {
      if (state.token !== null && isTooSoonToUpdate(state, check.issuedAtMs, nowMs)) {
        return { ok: false, reason: 'TooManyProviderTokenUpdates' }
      }
      state.token = jwt
      state.tokenIssuedAtMs = check.issuedAtMs
      state.adoptedAtMs = nowMs
    }
    const grantStreams = !state.streamsGranted
    state.streamsGranted = true
    return { ok: true, key, grantStreams }
  }
}

/**
 * A different token while the current one was adopted < 20 min ago (§1.6).
 * [interp] Only when the new token was also *issued* < 20 min after the
 * current one: a client that renews every 55 min (apns2, node-apn) may have
 * opened this connection shortly before renewing, and that is not an
 * update "more than once per 20 minutes".
 */
function isTooSoonToUpdate(state: ApnsConnectionState, issuedAtMs: number, nowMs: number): boolean {
  return (
    nowMs - state.adoptedAtMs < TOKEN_UPDATE_INTERVAL_MS &&
    issuedAtMs - state.tokenIssuedAtMs < TOKEN_UPDATE_INTERVAL_MS
  )
}

/** [interp] Binds the connection to a team on its first successful push (§1.6). */
export function bindTeam(connection: ConnectionInfo, teamId: string): void {
  const state = connectionState(connection)
  if (state.teamId === null) state.teamId = teamId
}
