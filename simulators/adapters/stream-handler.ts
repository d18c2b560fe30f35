import type { Http2Session, IncomingHttpHeaders, ServerHttp2Stream } from 'node:http2'
import type { Delivery } from '../kernel/delivery.ts'
import type { SimRequest } from '../kernel/exchange.ts'
import type { Scheduler } from '../kernel/scheduler.ts'
import { collectBody } from './body.ts'
import type { ConnectionTable } from './connections.ts'
import { arrive, runExchange, type ExchangeDeps } from './exchange-runner.ts'

export interface StreamHandlerOptions extends ExchangeDeps {
  connections: ConnectionTable
  maxBodyBytes: number
  tls: boolean
  /** TCP RST of the connection whose peer has this port (the listener owns the raw sockets). */
  resetConnection(peerPort: number | undefined): void
}

const REFUSED_STREAM = 0x7

/**
 * The core HTTP/2 stream adapter (APNs): sees sessions directly, so it can
 * change SETTINGS_MAX_CONCURRENT_STREAMS, reset a stream, or send GOAWAY with
 * a JSON reason as debug data.
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
      runExchange(options, request, arrival, (delivery) => deliver(stream, delivery, options))
    })
  }
}

function deliver(stream: ServerHttp2Stream, delivery: Delivery, options: StreamHandlerOptions): void {
  const scheduler = options.scheduler
  const session = stream.session
  if (!session || session.destroyed) return
  switch (delivery.kind) {
    case 'respond':
      return respond(stream, session, delivery, scheduler)
    case 'hang':
      return // never answer: the client's own timeout has to fire
    case 'reset':
      return options.resetConnection(session.socket.remotePort)
    case 'rst-stream':
      return void stream.close(delivery.code)
    case 'goaway': {
      const lastStreamId = delivery.lastStreamId ?? (delivery.response ? (stream.id ?? 0) : 0)
      // A stream past lastStreamId was not processed: refuse it rather than answer it.
      if (delivery.response && (stream.id ?? 0) <= lastStreamId) respond(stream, session, { kind: 'respond', response: delivery.response }, scheduler)
      else stream.close(REFUSED_STREAM)
      session.goaway(delivery.code, lastStreamId, delivery.debug === undefined ? undefined : Buffer.from(delivery.debug))
      return void session.close()
    }
  }
}

function respond(stream: ServerHttp2Stream, session: Http2Session, delivery: Extract<Delivery, { kind: 'respond' }>, scheduler: Scheduler): void {
  if (!stream.destroyed && !stream.closed) {
    const { status, headers, body } = delivery.response
    const payload = typeof body === 'string' ? Buffer.from(body) : body
    const hasBody = payload !== undefined && payload.length > 0
    stream.respond({ ':status': status, ...headers }, { endStream: !hasBody })
    if (hasBody && delivery.closeAfterBytes !== undefined) {
      stream.write(payload.subarray(0, delivery.closeAfterBytes))
      setImmediate(() => session.destroy())
    } else if (hasBody && delivery.bodyDelayMs !== undefined) {
      scheduler.after(delivery.bodyDelayMs, () => {
        if (!stream.destroyed) stream.end(payload)
      })
    } else if (hasBody) stream.end(payload)
  }
  const streams = delivery.effect?.maxConcurrentStreams
  if (streams !== undefined) session.settings({ maxConcurrentStreams: streams })
}
