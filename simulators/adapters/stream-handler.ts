import type { Http2Session, IncomingHttpHeaders, ServerHttp2Stream } from 'node:http2'
import { constants } from 'node:http2'
import type { ConnectionEffect, Outcome, SimRequest } from '../kernel/exchange.ts'
import { collectBody } from './body.ts'
import type { ConnectionTable } from './connections.ts'
import { arrive, runExchange, type ExchangeDeps } from './exchange-runner.ts'

export interface StreamHandlerOptions extends ExchangeDeps {
  connections: ConnectionTable
  maxBodyBytes: number
  tls: boolean
}

/**
 * The core HTTP/2 stream adapter (APNs): sees sessions directly, so a
 * provider can change SETTINGS_MAX_CONCURRENT_STREAMS or send GOAWAY with
 * its JSON reason as debug data.
 */
export function createStreamHandler(
  options: StreamHandlerOptions,
): (stream: ServerHttp2Stream, headers: IncomingHttpHeaders, flags: number, rawHeaders: string[]) => void {
  return (stream, headers, _flags, rawHeaders) => {
    const arrival = arrive(options.clock)
    const session = stream.session
    if (!session) return
    const connection = options.connections.of(session, options.tls ? 'h2' : 'h2c', options.tls)
    stream.on('error', () => {}) // RST_STREAM from the client mid-request
    collectBody(stream, options.maxBodyBytes, ({ body, length, overflow }) => {
      const fields = headers as Record<string, string | undefined>
      const request: SimRequest = {
        method: fields[':method'] ?? '',
        path: fields[':path'] ?? '',
        authority: fields[':authority'] ?? fields.host ?? '',
        scheme: options.tls ? 'https' : 'http',
        headers: fields,
        rawHeaders,
        body,
        bodyOverflow: overflow,
        bodyLength: length,
        connection,
        streamId: stream.id ?? 0,
      }
      runExchange(options, request, arrival, (outcome) => writeOutcome(stream, outcome))
    })
  }
}

function writeOutcome(stream: ServerHttp2Stream, outcome: Outcome): void {
  const session = stream.session
  if (!stream.destroyed && !stream.closed) {
    const { status, headers, body } = outcome.response
    const hasBody = body !== undefined && body.length > 0
    stream.respond({ ':status': status, ...headers }, { endStream: !hasBody })
    if (hasBody) stream.end(body)
  }
  if (outcome.effect && session && !session.destroyed) applyEffect(session, stream.id ?? 0, outcome.effect)
}

function applyEffect(session: Http2Session, streamId: number, effect: ConnectionEffect): void {
  if (effect.maxConcurrentStreams !== undefined) session.settings({ maxConcurrentStreams: effect.maxConcurrentStreams })
  if (effect.goaway) {
    const debug = effect.goaway.debug === undefined ? undefined : Buffer.from(effect.goaway.debug)
    session.goaway(effect.goaway.code ?? constants.NGHTTP2_NO_ERROR, streamId, debug)
    session.close()
  }
}
