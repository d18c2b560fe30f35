import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { join } from 'node:path'
import type { Listener } from '../adapters/listeners.ts'
import { simError, type SimError } from '../kernel/errors.ts'
import { createRng } from '../kernel/rng.ts'
import { createTokenCheck } from './access.ts'
import { apnsRoutes } from './apns-routes.ts'
import { clockRoutes } from './clock-routes.ts'
import type { AdminDependencies } from './dependencies.ts'
import { faultRoutes } from './fault-routes.ts'
import { fcmRoutes } from './fcm-routes.ts'
import { FieldReader } from './fields.ts'
import { ledgerRoutes } from './ledger-routes.ts'
import { matchRoute, ok, readJsonBody, STATUS_OF_CODE, type Route } from './router.ts'
import { webpushRoutes } from './webpush-routes.ts'

export interface AdminOptions {
  host: string
  port: number
  /** When set, every request must carry `Authorization: Bearer <token>` (startSimulators refuses a non-loopback host without one). */
  token?: string
  dependencies: AdminDependencies
}

/**
 * The admin API: JSON over HTTP/1.1, to read the ledger and to register
 * tokens, subscriptions and credentials on a running simulator. Errors are
 * `{"error":{"code","message","hint"?}}` with a stable code.
 */
export async function startAdminServer(options: AdminOptions): Promise<Listener> {
  const deps = options.dependencies
  const credentialsDir = join(deps.stateDir, 'credentials')
  // A restart on the same state directory draws new credential ids from a stream of its own, not the last run's again.
  const generation = deps.registry.generation
  const rng = createRng(generation === 0 ? `${deps.seed}/admin` : `${deps.seed}/admin/generation/${generation}`)
  const routes: Route[] = [
    ...ledgerRoutes(deps.ledger),
    ...faultRoutes(deps.faults),
    ...clockRoutes(deps.clock),
    ...apnsRoutes(deps.apns, deps.registry, credentialsDir, rng.fork('apns')),
    ...fcmRoutes(deps.fcm, deps.registry, credentialsDir, rng.fork('fcm'), () => deps.endpoints().oauthToken),
    ...webpushRoutes(deps.webpush, deps.registry, () => ({ http: deps.endpoints().webpush, https: deps.endpoints().webpushTls })),
    {
      method: 'POST',
      path: '/reset',
      describe: 'Forget exchanges, token states and subscriptions; keep credentials.',
      handle: async () => {
        await deps.ledger.flush()
        deps.ledger.reset()
        deps.registry.resetRuntime()
        return ok({ reset: true })
      },
    },
  ]
  routes.push({
    method: 'GET',
    path: '/',
    describe: 'Endpoints, seed, CA path and this list of routes.',
    handle: () =>
      ok({
        name: 'pushsim',
        seed: deps.seed,
        stateDir: deps.stateDir,
        caPath: deps.caPath,
        ledgerPath: deps.ledger.path ?? null,
        endpoints: deps.endpoints(),
        // Whether requests need the token; never the token.
        authentication: options.token === undefined ? 'none' : 'bearer',
        routes: routes.map((route) => ({ method: route.method, path: route.path, describe: route.describe })),
      }),
  })

  const authenticate = options.token === undefined ? undefined : createTokenCheck(options.token)
  const server = createServer(async (req, res) => {
    // Before anything else: without the token, not even which routes exist is told.
    if (authenticate) {
      const verdict = authenticate(req.headers.authorization)
      if (!verdict.ok) return sendError(res, verdict.error, STATUS_OF_CODE.UNAUTHENTICATED, { 'www-authenticate': 'Bearer realm="pushsim-admin"' })
    }
    const url = new URL(req.url ?? '/', 'http://admin')
    const match = matchRoute(routes, req.method ?? 'GET', url.pathname)
    if (!('route' in match)) {
      if (match.allowed.length > 0) return sendError(res, simError('INVALID_ARGUMENT', `Failed to ${req.method} ${url.pathname}: method not allowed (allowed: ${match.allowed.join(', ')}).`), 405)
      return sendError(res, simError('NOT_FOUND', `Failed to find ${req.method} ${url.pathname}.`, 'GET / lists every route.'))
    }
    const body = req.method === 'GET' ? ({ ok: true, value: {} } as const) : await readJsonBody(req)
    if (!body.ok) return sendError(res, body.error)
    const route = match.route
    const fields = new FieldReader(body.value)
    const queryProblems = route.accepts?.query ? [] : [...new Set(url.searchParams.keys())].map((name) => `${name}: unknown query parameter`)
    fields.problems.push(...queryProblems)
    if (route.accepts?.body === undefined) {
      // A route that reads no body refuses one with fields, rather than ignore what the caller meant.
      const nothing = fields.done(undefined)
      if (!nothing.ok) return sendError(res, nothing.error)
    } else if (route.accepts.body === 'own' && queryProblems.length > 0) {
      return sendError(res, simError('INVALID_ARGUMENT', `Failed to read the request: ${queryProblems.join('; ')}.`))
    }
    try {
      const answer = await route.handle({ params: match.params, query: url.searchParams, body: body.value, fields })
      if ('error' in answer) return sendError(res, answer.error)
      send(res, answer.status, answer.body)
    } catch (error) {
      sendError(res, simError('INTERNAL', `Failed to ${req.method} ${url.pathname}: ${(error as Error).message}`))
    }
  })
  const sockets = new Set<Socket>()
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  const host = options.host.includes(':') && !options.host.startsWith('[') ? `[${options.host}]` : options.host
  return {
    kind: 'http',
    port,
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        for (const socket of sockets) socket.destroy()
      }),
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body) + '\n'
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

function sendError(res: ServerResponse, error: SimError, status = STATUS_OF_CODE[error.code], headers: Record<string, string> = {}): void {
  send(res, status, { error }, headers)
}
