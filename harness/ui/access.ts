/**
 * Who may use the dashboard: the admin API's rule (every request carries the
 * admin token, checked in constant time), in the forms a browser can send.
 * The token is given once in the address (`/?token=…`); the page answers
 * with an HttpOnly cookie and sends the browser on to `/`, so the token
 * leaves the address bar and history. Curl and tests may send
 * `Authorization: Bearer <token>` instead.
 *
 * A browser also runs other sites' code, and pages on another loopback port
 * count as the same site: changes must therefore come from the dashboard's
 * own origin (`Origin`), as JSON, which a form on another page cannot send.
 */
import type { IncomingMessage } from 'node:http'
import { createTokenCheck } from '../../simulators/admin/access.ts'
import { simError, type SimError } from '../../simulators/kernel/errors.ts'

export type Access = { ok: true; setCookie?: string } | { ok: false; status: number; error: SimError }

const HINT = 'Open the address pushsim printed (…/?token=<admin token>), or send Authorization: Bearer <admin token>.'

export function createDashboardAccess(token: string, port: () => number): (req: IncomingMessage, url: URL) => Access {
  const check = createTokenCheck(token)
  const cookieName = () => `pushsim-ui-${port()}`
  return (req, url) => {
    const fromCookie = bearerOf(cookieOf(req.headers.cookie, cookieName()))
    const fromAddress = bearerOf(url.pathname === '/' ? url.searchParams.get('token') : null)
    const verdict = check(req.headers.authorization ?? fromAddress ?? fromCookie)
    if (!verdict.ok) return { ok: false, status: 401, error: simError('UNAUTHENTICATED', verdict.error.message.replace('the admin request', 'the dashboard request'), HINT) }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      const origin = req.headers.origin
      if (origin !== undefined && origin !== `http://${req.headers.host}`) return { ok: false, status: 403, error: simError('UNAUTHENTICATED', `Failed to accept a change from ${origin}: only the dashboard's own page may change faults.`) }
      if (!/^application\/json\b/.test(req.headers['content-type'] ?? '') && req.method !== 'DELETE') return { ok: false, status: 415, error: simError('INVALID_ARGUMENT', 'Failed to read the change: send it as application/json.') }
    }
    // A token in the address wins over an older cookie (a dashboard of an earlier run on the same port).
    const tokenFromAddress = req.headers.authorization === undefined && fromAddress !== undefined
    return tokenFromAddress ? { ok: true, setCookie: `${cookieName()}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/` } : { ok: true }
  }
}

const bearerOf = (token: string | null | undefined): string | undefined => (token ? `Bearer ${token}` : undefined)

function cookieOf(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=')
    if (key === name) return decodeURIComponent(value.join('='))
  }
  return undefined
}
