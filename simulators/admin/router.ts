import type { IncomingMessage } from 'node:http'
import { simError, type Result, type SimError } from '../kernel/errors.ts'
import type { FieldReader } from './fields.ts'

/** What a route handler gets: path params, the query string and the parsed JSON body. */
export interface RouteContext {
  params: Record<string, string>
  query: URLSearchParams
  body: unknown
  /**
   * A reader of `body` (already holding any query problems): read the fields the
   * route takes and call `done()`, which names every problem and every field not read.
   */
  fields: FieldReader
}

export type RouteAnswer = { status: number; body: unknown } | { error: SimError }

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  /** Segments, with `:name` capturing one segment. */
  path: string
  describe: string
  /**
   * What the route reads besides path params. A route without `body` is sent
   * no body (an empty one, or `{}`), a route without `query` no query
   * parameters: anything else is refused before the handler runs. With
   * `body: 'fields'` the route reads the body with `fields` and its `done()`
   * refuses the rest (unknown query parameters named in the same error); with
   * `body: 'own'` its own validator does. A route with `query` checks its
   * parameters itself.
   */
  accepts?: { body?: 'fields' | 'own'; query?: boolean }
  handle(context: RouteContext): RouteAnswer | Promise<RouteAnswer>
}

export const ok = (body: unknown, status = 200): RouteAnswer => ({ status, body })
export const failed = (error: SimError): RouteAnswer => ({ error })
export const fromResult = <T>(result: Result<T>, status = 200): RouteAnswer => (result.ok ? { status, body: result.value ?? null } : { error: result.error })

export const STATUS_OF_CODE: Record<SimError['code'], number> = {
  INVALID_ARGUMENT: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNAUTHENTICATED: 401,
  ADMIN_TOKEN_REQUIRED: 500,
  PORT_IN_USE: 500,
  STATE_DIR: 500,
  UNREACHABLE: 502,
  INTERNAL: 500,
}

export interface Match {
  route: Route
  params: Record<string, string>
}

/** First route whose method and segments match; `allowed` lists methods of routes matching the path only. */
export function matchRoute(routes: readonly Route[], method: string, pathname: string): Match | { allowed: string[] } {
  const segments = pathname.split('/').filter(Boolean).map(decodeURIComponent)
  const allowed: string[] = []
  for (const route of routes) {
    const params = matchSegments(route.path, segments)
    if (!params) continue
    if (route.method === method) return { route, params }
    allowed.push(route.method)
  }
  return { allowed }
}

function matchSegments(pattern: string, segments: string[]): Record<string, string> | undefined {
  const parts = pattern.split('/').filter(Boolean)
  if (parts.length !== segments.length) return undefined
  const params: Record<string, string> = {}
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!
    if (part.startsWith(':')) params[part.slice(1)] = segments[i]!
    else if (part !== segments[i]) return undefined
  }
  return params
}

const MAX_ADMIN_BODY = 1024 * 1024

export function readJsonBody(req: IncomingMessage): Promise<Result<unknown>> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= MAX_ADMIN_BODY) chunks.push(chunk)
    })
    req.on('error', () => resolve({ ok: false, error: simError('INVALID_ARGUMENT', 'Failed to read the request body.') }))
    req.on('end', () => {
      if (size > MAX_ADMIN_BODY) return resolve({ ok: false, error: simError('INVALID_ARGUMENT', `Failed to read the body: larger than ${MAX_ADMIN_BODY} bytes.`) })
      const text = Buffer.concat(chunks).toString('utf8').trim()
      if (text === '') return resolve({ ok: true, value: {} })
      try {
        resolve({ ok: true, value: JSON.parse(text) as unknown })
      } catch (error) {
        // V8 may quote the text around the error, which can be a key being registered: that part is cut.
        const reason = (error as Error).message.replace(/, ".*is not valid JSON$/s, ' (not valid JSON)')
        resolve({ ok: false, error: simError('INVALID_ARGUMENT', `Failed to parse the body as JSON: ${reason}.`, 'Send a JSON object with content-type application/json.') })
      }
    })
  })
}
