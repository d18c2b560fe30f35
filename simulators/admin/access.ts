import { createHash, timingSafeEqual } from 'node:crypto'
import { isIPv4, isIPv6 } from 'node:net'
import { simError, type SimError } from '../kernel/errors.ts'

/**
 * Who may use the admin API. Without a token it listens on loopback only,
 * where only this machine reaches it; with a token it may listen anywhere,
 * and every request must carry `Authorization: Bearer <token>`.
 */

/** RFC 6750 §2.1 b64token: what fits in `Authorization: Bearer …` as it is. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/

/** Names and addresses that only this machine can reach: 127.0.0.0/8, ::1, localhost. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host
  const name = bare.toLowerCase()
  if (name === 'localhost' || name.endsWith('.localhost')) return true
  if (isIPv4(name)) return name.startsWith('127.')
  if (isIPv6(name)) {
    // The URL parser gives the canonical form: 0:0:0:0:0:0:0:1 → ::1, ::ffff:127.0.0.1 → ::ffff:7f00:1.
    const canonical = new URL(`http://[${name}]/`).hostname.slice(1, -1)
    return canonical === '::1' || /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(canonical)
  }
  return false
}

/** Why `token` cannot be an admin token, or undefined when it can. Never quotes the token. */
export function adminTokenProblem(token: string): string | undefined {
  if (token === '') return 'the admin token is empty'
  if (!B64TOKEN.test(token)) return 'the admin token must be a bearer token: letters, digits and - . _ ~ + / (then = padding), no spaces'
  return undefined
}

/**
 * The start-up rule: an admin API beyond loopback needs a token. Checked
 * before anything listens, so nothing is ever exposed unauthenticated.
 */
export function adminExposureProblem(adminHost: string, token: string | undefined): SimError | undefined {
  if (token !== undefined) {
    const problem = adminTokenProblem(token)
    return problem === undefined ? undefined : simError('INVALID_ARGUMENT', `Failed to start: ${problem}.`, 'Use e.g. `openssl rand -hex 32`.')
  }
  if (isLoopbackHost(adminHost)) return undefined
  return simError(
    'ADMIN_TOKEN_REQUIRED',
    `Failed to start: the admin API would listen on ${adminHost}, beyond loopback, with no admin token; anyone who reaches it could read the ledger and register credentials.`,
    'Set an admin token (--admin-token or PUSHSIM_ADMIN_TOKEN; adminToken in startSimulators) so every admin request needs Authorization: Bearer <token>, or keep the admin API on loopback (--admin-host 127.0.0.1).',
  )
}

export type AuthVerdict = { ok: true } | { ok: false; error: SimError }

const HINT = 'Send Authorization: Bearer <admin token> (the CLI: --admin-token or PUSHSIM_ADMIN_TOKEN).'

/**
 * Checks `Authorization` headers against the token in constant time: both
 * sides are hashed first, so neither the length nor any prefix of the token
 * shows in the timing. The error never repeats what was presented.
 */
export function createTokenCheck(token: string): (authorization: string | undefined) => AuthVerdict {
  const expected = digest(token)
  return (authorization) => {
    if (authorization === undefined || authorization === '') return denied('no Authorization header')
    const match = /^bearer +(\S+) *$/i.exec(authorization)
    if (!match) return denied('the Authorization header is not a Bearer token')
    return timingSafeEqual(digest(match[1]!), expected) ? { ok: true } : denied('the bearer token is not the admin token')
  }
}

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest()

const denied = (reason: string): AuthVerdict => ({ ok: false, error: simError('UNAUTHENTICATED', `Failed to authenticate the admin request: ${reason}.`, HINT) })
