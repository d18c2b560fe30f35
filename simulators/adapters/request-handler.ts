import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2'
import type { Delivery } from '../kernel/delivery.ts'
import type { SimRequest } from '../kernel/exchange.ts'
import type { Scheduler } from '../kernel/scheduler.ts'
import { collectBody } from './body.ts'
import type { ConnectionTable } from './connections.ts'
import { arrive, runExchange, type ExchangeDeps } from './exchange-runner.ts'

export interface RequestHandlerOptions extends ExchangeDeps {
  connections: ConnectionTable
  maxBodyBytes: number
  /** TCP RST of the connection whose peer has this port (the listener owns the raw sockets). */
  resetConnection(peerPort: number | undefined): void
}

type AnyRequest = IncomingMessage | Http2ServerRequest
type AnyResponse = ServerResponse | Http2ServerResponse

/**
 * The request/response adapter: node:http (HTTP/1.1) and the HTTP/2
 * compatibility API behind one function, for listeners that speak both
 * (FCM and Web Push, as Google's and Apple's front ends do).
 */
export function createRequestHandler(options: RequestHandlerOptions): (req: AnyRequest, res: AnyResponse) => void {
  return (req, res) => {
    const arrival = arrive(options.clock)
    const h2 = req.httpVersionMajor === 2
    const tls = 'encrypted' in req.socket && req.socket.encrypted === true
    const connectionKey = h2 ? ((req as Http2ServerRequest).stream.session ?? req.socket) : req.socket
    const connection = options.connections.of(connectionKey, h2 ? (tls ? 'h2' : 'h2c') : 'http/1.1', tls)
    req.on('error', () => {}) // a client that vanishes mid-body is not our failure
    collectBody(req, options.maxBodyBytes, ({ body, length, overflow }) => {
      const headers = req.headers as Record<string, string | undefined>
      const request: SimRequest = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        authority: (h2 ? headers[':authority'] : headers.host) ?? '',
        scheme: tls ? 'https' : 'http',
        headers,
        rawHeaders: req.rawHeaders,
        body,
        bodyOverflow: overflow,
        bodyLength: length,
        connection,
        ...(h2 ? { streamId: (req as Http2ServerRequest).stream.id ?? 0 } : {}),
      }
      runExchange(options, request, arrival, (delivery) => deliver(req, res as ServerResponse, delivery, options))
    })
  }
}

/** Both response classes share this surface; their union has no common call signature in the typings. */
function deliver(req: AnyRequest, res: ServerResponse, delivery: Delivery, options: RequestHandlerOptions): void {
  const scheduler = options.scheduler
  if (res.destroyed || res.writableEnded) return
  const h2 = req.httpVersionMajor === 2 ? (req as Http2ServerRequest).stream : undefined
  switch (delivery.kind) {
    case 'respond':
      return respond(req, res, delivery, scheduler)
    case 'hang':
      return // never answer: the client's own timeout has to fire
    case 'reset':
      return options.resetConnection(req.socket.remotePort)
    case 'rst-stream':
      // HTTP/1.1 has no streams: the nearest thing is dropping the connection.
      return h2 ? void h2.close(delivery.code) : options.resetConnection(req.socket.remotePort)
    case 'goaway': {
      if (h2) {
        if (delivery.response) respond(req, res, { kind: 'respond', response: delivery.response }, scheduler)
        const session = h2.session
        session?.goaway(delivery.code, delivery.lastStreamId ?? h2.id ?? 0, delivery.debug === undefined ? undefined : Buffer.from(delivery.debug))
        session?.close()
        return
      }
      if (!delivery.response) return void req.socket.destroy()
      // HTTP/1.1's GOAWAY: answer, say the connection ends, and end it.
      res.shouldKeepAlive = false
      return respond(req, res, { kind: 'respond', response: delivery.response }, scheduler)
    }
  }
}

function respond(req: AnyRequest, res: ServerResponse, delivery: Extract<Delivery, { kind: 'respond' }>, scheduler: Scheduler): void {
  const { status, headers, body } = delivery.response
  const payload = typeof body === 'string' ? Buffer.from(body) : (body ?? Buffer.alloc(0))
  res.writeHead(status, { ...headers, 'content-length': String(payload.length) })
  const session = req.httpVersionMajor === 2 ? (req as Http2ServerRequest).stream.session : undefined
  if (delivery.effect?.maxConcurrentStreams !== undefined) session?.settings({ maxConcurrentStreams: delivery.effect.maxConcurrentStreams })
  if (delivery.closeAfterBytes !== undefined) {
    res.write(payload.subarray(0, delivery.closeAfterBytes))
    // Let the partial body reach the socket, then drop the connection mid-response.
    return void setImmediate(() => (session ? session.destroy() : req.socket.destroy()))
  }
  if (delivery.bodyDelayMs !== undefined) {
    res.flushHeaders()
    scheduler.after(delivery.bodyDelayMs, () => {
      if (!res.destroyed) res.end(payload)
    })
    return
  }
  res.end(payload)
}
