import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2'
import type { Outcome, SimRequest } from '../kernel/exchange.ts'
import { collectBody } from './body.ts'
import type { ConnectionTable } from './connections.ts'
import { arrive, runExchange, type ExchangeDeps } from './exchange-runner.ts'

export interface RequestHandlerOptions extends ExchangeDeps {
  connections: ConnectionTable
  maxBodyBytes: number
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
    const connectionKey = h2 ? (req as Http2ServerRequest).stream.session ?? req.socket : req.socket
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
      runExchange(options, request, arrival, (outcome) => writeOutcome(res, outcome))
    })
  }
}

function writeOutcome(res: AnyResponse, outcome: Outcome): void {
  if (res.destroyed || res.writableEnded) return
  const { status, headers, body } = outcome.response
  const payload = body ?? ''
  // Both response classes share this surface; their union has no common call signature in the typings.
  const response = res as ServerResponse
  response.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(payload)) })
  response.end(payload)
}
