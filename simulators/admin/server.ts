import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { join } from 'node:path'
import type { Listener } from '../adapters/listeners.ts'
import { simError, type SimError } from '../kernel/errors.ts'
import { createRng } from '../kernel/rng.ts'
import type { Simulators } from '../serve.ts'
import { apnsRoutes } from './apns-routes.ts'
import { faultRoutes } from './fault-routes.ts'
import { fcmRoutes } from './fcm-routes.ts'
import { ledgerRoutes } from './ledger-routes.ts'
import { matchRoute, ok, readJsonBody, STATUS_OF_CODE, type Route } from './router.ts'
import { webpushRoutes } from './webpush-routes.ts'

export interface AdminOptions {
  host: string
  port: number
  simulators: Simulators
}

/**
 * The admin API: JSON over HTTP/1.1 on loopback, to read the ledger and to
 * register tokens, subscriptions and credentials on a running simulator.
 * Errors are `{"error":{"code","message","hint"?}}` with a stable code.
 */
export async function startAdminServer(options: AdminOptions): Promise<Listener> {
  const sims = options.simulators
  const credentialsDir = join(sims.stateDir, 'credentials')
  const rng = createRng(`${sims.seed}/admin`)
  const routes: Route[] = [
    ...ledgerRoutes(sims.ledger),
    ...faultRoutes(sims.faults),
    ...apnsRoutes(sims.apns, sims.registry, credentialsDir, rng.fork('apns')),
    ...fcmRoutes(sims.fcm, sims.registry, credentialsDir, rng.fork('fcm'), () => sims.endpoints.oauthToken),
    ...webpushRoutes(sims.webpush, sims.registry, () => ({ http: sims.endpoints.webpush, https: sims.endpoints.webpushTls })),
    {
      method: 'POST',
      path: '/reset',
      describe: 'Forget exchanges, token states and subscriptions; keep credentials.',
      handle: async () => {
        await sims.ledger.flush()
        sims.ledger.reset()
        sims.registry.resetRuntime()
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
        seed: sims.seed,
        stateDir: sims.stateDir,
        caPath: sims.tls.caPath,
        ledgerPath: sims.ledger.path ?? null,
        endpoints: sims.endpoints,
        routes: routes.map((route) => ({ method: route.method, path: route.path, describe: route.describe })),
      }),
  })

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://admin')
    const match = matchRoute(routes, req.method ?? 'GET', url.pathname)
    if (!('route' in match)) {
      if (match.allowed.length > 0) return sendError(res, simError('INVALID_ARGUMENT', `Failed to ${req.method} ${url.pathname}: method not allowed (allowed: ${match.allowed.join(', ')}).`), 405)
      return sendError(res, simError('NOT_FOUND', `Failed to find ${req.method} ${url.pathname}.`, 'GET / lists every route.'))
    }
    const body = req.method === 'GET' ? ({ ok: true, value: {} } as const) : await readJsonBody(req)
    if (!body.ok) return sendError(res, body.error)
    try {
      const answer = await match.route.handle({ params: match.params, query: url.searchParams, body: body.value })
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
  return {
    kind: 'http',
    port,
    url: `http://${options.host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        for (const socket of sockets) socket.destroy()
      }),
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body) + '\n'
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

function sendError(res: ServerResponse, error: SimError, status = STATUS_OF_CODE[error.code]): void {
  send(res, status, { error })
}
