import type { Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import type { Delivery } from '../../kernel/delivery.ts'
import type { SimRequest } from '../../kernel/exchange.ts'
import type { ConnectionTable } from '../connections.ts'
import { arrive, runExchange, type ExchangeDeps } from '../exchange-runner.ts'
import { ErrorCode } from './frames.ts'
import { Http2Session, type LocalSettings } from './session.ts'
import type { Http2Stream } from './stream.ts'

export interface Http2Options extends ExchangeDeps {
  connections: ConnectionTable
  maxBodyBytes: number
  tls: boolean
  settings: LocalSettings
  /** TCP RST of the connection whose peer has this port (the listener owns the raw sockets). */
  resetConnection(peerPort: number | undefined): void
}

/**
 * Serves the APNs HTTP/2 ports on pushsim's own session: sees the
 * connection directly, so it can change SETTINGS_MAX_CONCURRENT_STREAMS,
 * reset a stream, or send GOAWAY with a JSON reason as debug data.
 */
export function serveHttp2(socket: Duplex, options: Http2Options): Http2Session {
  const peerPort = (socket as Socket).remotePort
  const session: Http2Session = new Http2Session(socket, {
    settings: options.settings,
    maxBodyBytes: options.maxBodyBytes,
    onStream: (stream) => {
      const arrival = arrive(options.clock)
      return ({ head, body, bodyLength, bodyOverflow }) => {
        const headers = head.headers
        const request: SimRequest = {
          method: headers[':method'] ?? '',
          path: headers[':path'] ?? '',
          authority: headers[':authority'] ?? headers.host ?? '',
          scheme: options.tls ? 'https' : 'http',
          headers,
          rawHeaders: head.rawHeaders,
          body,
          bodyOverflow,
          bodyLength,
          connection,
          streamId: stream.id,
        }
        runExchange(options, request, arrival, (delivery) => deliver(session, stream, delivery, options, peerPort))
      }
    },
  })
  const connection = options.connections.of(session, options.tls ? 'h2' : 'h2c', options.tls)
  return session
}

function deliver(session: Http2Session, stream: Http2Stream, delivery: Delivery, options: Http2Options, peerPort: number | undefined): void {
  if (session.isDestroyed) return
  switch (delivery.kind) {
    case 'respond':
      return respond(session, stream, delivery, options)
    case 'hang':
      return // never answer: the client's own timeout has to fire
    case 'reset':
      return options.resetConnection(peerPort)
    case 'rst-stream':
      return session.resetStream(stream, delivery.code)
    case 'goaway': {
      const lastStreamId = delivery.lastStreamId ?? (delivery.response ? stream.id : 0)
      // A stream past lastStreamId was not processed: refuse it rather than answer it.
      if (delivery.response && stream.id <= lastStreamId) respond(session, stream, { kind: 'respond', response: delivery.response }, options)
      else session.resetStream(stream, ErrorCode.REFUSED_STREAM)
      return session.goaway(delivery.code, lastStreamId, delivery.debug === undefined ? undefined : Buffer.from(delivery.debug))
    }
  }
}

function respond(session: Http2Session, stream: Http2Stream, delivery: Extract<Delivery, { kind: 'respond' }>, options: Http2Options): void {
  const { status, headers, body } = delivery.response
  const payload = typeof body === 'string' ? Buffer.from(body) : body
  const hasBody = payload !== undefined && payload.length > 0
  if (hasBody && delivery.closeAfterBytes !== undefined) {
    session.respond(stream, status, headers, payload.subarray(0, delivery.closeAfterBytes), false)
    // Let the partial body reach the socket, then drop the connection mid-answer.
    setImmediate(() => session.destroy())
  } else if (hasBody && delivery.bodyDelayMs !== undefined) {
    session.respond(stream, status, headers, undefined, false)
    options.scheduler.after(delivery.bodyDelayMs, () => session.write(stream, payload, true))
  } else session.respond(stream, status, headers, payload)
  const streams = delivery.effect?.maxConcurrentStreams
  if (streams !== undefined) session.setMaxConcurrentStreams(streams)
}
