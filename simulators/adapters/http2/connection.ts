import type { Socket } from 'node:net'
import type { ConnectionBehaviour } from '../../kernel/connection-behaviour.ts'
import type { Delivery, Respond } from '../../kernel/delivery.ts'
import type { SimRequest } from '../../kernel/exchange.ts'
import { NOTHING_WRITTEN, type WireOutcome } from '../../kernel/wire-outcome.ts'
import { writeBody } from '../body-writer.ts'
import type { ConnectionTable } from '../connections.ts'
import { arrive, recordUnprocessed, runExchange, type Arrival, type ExchangeDeps, type OpenExchange } from '../exchange-runner.ts'
import type { LiveConnection } from '../live-connections.ts'
import { ErrorCode } from './frames.ts'
import type { RequestHead } from './request-head.ts'
import { Http2Session, type LocalSettings } from './session.ts'
import type { Http2Stream, StreamEnd } from './stream.ts'

export interface Http2Options extends ExchangeDeps {
  connections: ConnectionTable
  maxBodyBytes: number
  tls: boolean
  settings: LocalSettings
  /** Close a connection idle this long (0: never); APNs names the reason in the GOAWAY. */
  idleTimeoutMs?: number
  idleDebug?: string
  /** TCP RST of the connection whose peer has this port (the listener owns the raw sockets). */
  resetConnection(peerPort: number | undefined): void
}

/**
 * Serves HTTP/2 (APNs' ports, and the FCM and Web Push TLS ports when ALPN
 * chose h2) on pushsim's own session: it sees the connection directly, so it
 * can change SETTINGS_MAX_CONCURRENT_STREAMS, reset a stream, send GOAWAY
 * with a JSON reason as debug data, and tell when a client gave up.
 */
export function serveHttp2(socket: Socket, options: Http2Options, behaviour: ConnectionBehaviour): LiveConnection {
  const peerPort = socket.remotePort
  const simRequest = (stream: { id: number }, head: RequestHead, body: Buffer, bodyLength: number, bodyOverflow: boolean): SimRequest => ({
    method: head.headers[':method'] ?? '',
    path: head.headers[':path'] ?? '',
    authority: head.headers[':authority'] ?? head.headers.host ?? '',
    scheme: options.tls ? 'https' : 'http',
    headers: head.headers,
    rawHeaders: head.rawHeaders,
    body,
    bodyOverflow,
    bodyLength,
    connection,
    streamId: stream.id,
  })
  const session: Http2Session = new Http2Session(socket, {
    settings: options.settings,
    maxBodyBytes: options.maxBodyBytes,
    behaviour: behaviour.http2,
    ...(options.idleTimeoutMs === undefined ? {} : { idleTimeoutMs: options.idleTimeoutMs }),
    ...(options.idleDebug === undefined ? {} : { idleDebug: options.idleDebug }),
    onStream: (stream) => {
      const arrival = arrive(options)
      let exchange: OpenExchange | undefined
      stream.onClose = (end) => {
        if (exchange) return exchange.settle(outcomeOf(stream, end))
        // Closed before its request was complete: abandoned mid-body (a flow-control stall, a client timeout).
        const partial = stream.request()
        recordUnprocessed(options, simRequest(stream, stream.head, partial.body, partial.bodyLength, partial.bodyOverflow), arrival, behaviour.faultIds, outcomeOf(stream, end))
      }
      return ({ head, body, bodyLength, bodyOverflow }) => {
        exchange = runExchange(options, simRequest(stream, head, body, bodyLength, bodyOverflow), arrival, behaviour.faultIds, (delivery, decided) => {
          exchange = decided // also when decided before runExchange returned: the answer may end the stream at once
          deliver(session, stream, delivery, decided, options, peerPort)
        })
      }
    },
    onUnprocessed: (head, streamId, why) => {
      const request = simRequest({ id: streamId }, head, EMPTY, 0, false)
      const outcome: WireOutcome = why === 'refused' ? REFUSED : NOTHING_WRITTEN.dropped
      recordUnprocessed(options, request, arrive(options), behaviour.faultIds, outcome)
    },
  })
  const connection = options.connections.of(session, options.tls ? 'h2' : 'h2c', options.tls)
  return { shutdown: () => session.shutdown() }
}

const EMPTY = Buffer.alloc(0)
const REFUSED: WireOutcome = Object.freeze({ kind: 'refused', status: 0, bytes: 0, code: ErrorCode.REFUSED_STREAM })

/** A stream's end as the exchange's wire outcome, with what of its answer went out. */
function outcomeOf(stream: Http2Stream, end: StreamEnd): WireOutcome {
  const { status, bytesSent: bytes } = stream
  switch (end.kind) {
    case 'ended':
      return { kind: 'answered', status, bytes }
    case 'reset':
      if (end.code === ErrorCode.REFUSED_STREAM && status === 0) return REFUSED
      return status === 0 ? { kind: 'rst-stream', status, bytes, code: end.code } : { kind: 'cut', status, bytes, code: end.code }
    case 'dropped':
      return NOTHING_WRITTEN.dropped
    case 'client':
      return { kind: 'abandoned', status, bytes, by: end.by, ...(end.code === undefined ? {} : { code: end.code }) }
    case 'connection-lost':
      return status === 0 ? NOTHING_WRITTEN.unanswered : { kind: 'cut', status, bytes }
    case 'shutdown':
      return { kind: 'hung', status, bytes }
  }
}

function deliver(session: Http2Session, stream: Http2Stream, delivery: Delivery, exchange: OpenExchange, options: Http2Options, peerPort: number | undefined): void {
  // The stream closed while a fault waited: its end settled the exchange already.
  if (session.isDestroyed || stream.isClosed) return
  switch (delivery.kind) {
    case 'respond':
      return respond(session, stream, delivery, options)
    case 'hang':
      return // never answer: the client's own timeout has to fire
    case 'reset':
      exchange.settle(NOTHING_WRITTEN.reset)
      return options.resetConnection(peerPort)
    case 'rst-stream':
      return session.resetStream(stream, delivery.code)
    case 'refuse':
      return session.resetStream(stream, ErrorCode.REFUSED_STREAM)
    case 'goaway': {
      const lastStreamId = delivery.lastStreamId ?? (delivery.response ? stream.id : 0)
      const debug = delivery.debug === undefined ? undefined : Buffer.from(delivery.debug)
      const answered = delivery.response !== undefined && stream.id <= lastStreamId
      if (answered) respond(session, stream, { kind: 'respond', response: delivery.response! }, options)
      // Unanswered: a final GOAWAY's last-stream-id drops the stream; a graceful one covers every stream, so it is refused.
      else if (delivery.graceful) session.resetStream(stream, ErrorCode.REFUSED_STREAM)
      return session.goaway(delivery.code, lastStreamId, debug, delivery.graceful === true)
    }
  }
}

/** HEADERS, then the body: at once, after a wait, at a dribble, or cut by a close, a RST_STREAM or a stall. */
function respond(session: Http2Session, stream: Http2Stream, delivery: Respond, options: Http2Options): void {
  const { status, headers, body } = delivery.response
  const payload = typeof body === 'string' ? Buffer.from(body) : (body ?? EMPTY)
  const cut = delivery.cut
  const streams = delivery.effect?.maxConcurrentStreams
  if (cut === undefined && delivery.bodyDelayMs === undefined && delivery.bytesPerSecond === undefined) {
    session.respond(stream, status, headers, payload)
    if (streams !== undefined) session.setMaxConcurrentStreams(streams)
    return
  }
  const sent = cut === undefined ? payload : payload.subarray(0, cut.afterBytes)
  // The stream ends with its last piece unless a cut keeps it open (a stall) or ends it otherwise.
  const complete = sent.length === payload.length
  const ends = cut === undefined || (complete && cut.by !== 'stall')
  session.respond(stream, status, headers, undefined, false)
  if (streams !== undefined) session.setMaxConcurrentStreams(streams)
  const writer = { write: (bytes: Buffer, last: boolean) => (stream.isWritable ? (session.write(stream, bytes, last), true) : false), scheduler: options.scheduler }
  writeBody(writer, sent, delivery, ends, () => {
    if (cut === undefined || (complete && cut.by !== 'close')) return
    if (cut.by === 'rst-stream') return session.resetStream(stream, cut.code)
    if (cut.by === 'close') return void setImmediate(() => session.destroy()) // let the partial body reach the socket first
    // A stall: nothing more, ever; the client's timeout ends it.
  })
}
