import type { Duplex } from 'node:stream'
import type { Http2Behaviour } from '../../kernel/connection-behaviour.ts'
import type { Departure } from '../../kernel/wire-outcome.ts'
import { httpDate } from '../http-date.ts'
import { FloodGuard } from './flood-guard.ts'
import { FlowControl, MAX_BUFFERED_BODY_BYTES } from './flow-control.ts'
import { FrameWriter } from './frame-writer.ts'
import { CLIENT_PREFACE, ErrorCode, Flag, FRAME_HEADER_BYTES, FrameType, MAX_WINDOW, MIN_MAX_FRAME_SIZE } from './frames.ts'
import { HeaderBlockAssembler, type HeaderBlockFrame } from './header-blocks.ts'
import { encodeHeaderBlock, HpackDecoder, isHpackError, type HeaderField } from './hpack/index.ts'
import { requestHeadOf, trailersMalformed, type RequestHead } from './request-head.ts'
import { decodePeerSettings, encodeSettings, isSettingsProblem, type LocalSettings } from './settings.ts'
import { Http2Stream, type StreamEnd } from './stream.ts'

export type { LocalSettings } from './settings.ts'

/** A complete request: headers, then the body with bounded memory. */
export interface Http2Request {
  readonly head: RequestHead
  readonly body: Buffer
  /** Full body length, even past `maxBodyBytes`. */
  readonly bodyLength: number
  readonly bodyOverflow: boolean
}

export interface Http2SessionOptions {
  settings: LocalSettings
  maxBodyBytes: number
  /** Connection-scoped faults: a flow-control stall, SETTINGS or PINGs left unanswered. */
  behaviour?: Http2Behaviour
  /** Close a connection without open streams after this long without a frame (0: never). */
  idleTimeoutMs?: number
  /** GOAWAY debug data when the idle timeout closes the connection (APNs: `{"reason":"IdleTimeout"}`). */
  idleDebug?: string
  /** A stream opened; the returned function receives its request once the client has ended it. */
  onStream(stream: Http2Stream): (request: Http2Request) => void
  /** A well-formed request that was never processed: refused over the stream limit, or above our GOAWAY's last-stream-id. */
  onUnprocessed?(head: RequestHead, streamId: number, why: 'refused' | 'dropped'): void
}

// node:http2's default cap on header fields per request (maxHeaderListPairs).
const MAX_HEADER_PAIRS = 128
// Streams we reset are remembered this long (most recent ids), so the frames the client sent before it saw the reset are ignored.
const MAX_REMEMBERED_RESETS = 1024
/** The opaque data of the PING that ends a graceful GOAWAY's first phase. */
const GRACEFUL_PING = Buffer.from('pushsimG')

/**
 * pushsim's own HTTP/2 server side of one connection (RFC 9113). node:http2
 * builds a Duplex stream and several objects per request and crosses into
 * nghttp2 for every frame; a push simulator needs none of that, so this
 * parses frames from each read, answers from the same turn, and writes
 * every frame of the turn at once. Flow control (flow-control.ts), header
 * block assembly (header-blocks.ts), SETTINGS (settings.ts) and flood limits
 * (flood-guard.ts) are their own modules; this is the state machine.
 *
 * Covered: preface and SETTINGS exchange, HPACK with CONTINUATION, padding,
 * stream states and concurrency (REFUSED_STREAM over the limit), both
 * directions of flow control, PING, RST_STREAM, GOAWAY both ways (and
 * RFC 9113 §6.8's graceful two phases), the connection and stream errors
 * of RFC 9113 §5.4 with their codes, floods, and an idle timeout.
 */
export class Http2Session {
  private readonly streams = new Map<number, Http2Stream>()
  private readonly writer = new FrameWriter()
  private readonly decoder: HpackDecoder
  private readonly blocks = new HeaderBlockAssembler()
  private readonly flow: FlowControl
  private readonly floods = new FloodGuard()
  private readonly local: LocalSettings
  private readonly behaviour: Http2Behaviour
  private pending: Buffer | undefined
  private prefaceSeen = false
  private settingsSeen = false
  private inRead = false
  private flushQueued = false
  private lastClientStreamId = 0
  /** Streams we reset (RST_STREAM) that are gone from `streams`: their in-flight HEADERS are ignored (RFC 9113 §5.1). */
  private readonly resetByUs = new Set<number>()
  private closing = false
  private destroyed = false
  /** GOAWAY sent: streams above this id are not processed. */
  private goawayLastStreamId = Number.POSITIVE_INFINITY
  /** A graceful GOAWAY waits for its PING to come back before its final frame. */
  private gracefulFinal: { code: number; debug: Buffer | undefined } | undefined
  /** How the client left, once it did: the streams still open are abandoned that way. */
  private departure: Departure | undefined
  private peerMaxFrameSize = MIN_MAX_FRAME_SIZE
  private idleTimer: NodeJS.Timeout | undefined
  private lastFrameAt = performance.now()

  constructor(
    readonly socket: Duplex,
    private readonly options: Http2SessionOptions,
  ) {
    this.behaviour = options.behaviour ?? {}
    const stallWindow = this.behaviour.stallWindow
    this.local = { ...options.settings, ...(stallWindow === undefined ? {} : { initialWindowSize: stallWindow }) }
    this.flow = new FlowControl(this.local.initialWindowSize, stallWindow !== undefined)
    this.decoder = new HpackDecoder(this.local.headerTableSize)
    this.writer.frame(FrameType.SETTINGS, 0, 0, encodeSettings(this.local))
    this.flush()
    socket.on('data', (chunk: Buffer) => this.read(chunk))
    socket.on('end', () => this.clientLeft('fin'))
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // A client that vanishes is not our failure; its streams are abandoned.
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') this.departure ??= 'tcp-reset'
    })
    socket.once('close', () => {
      clearTimeout(this.idleTimer)
      this.dropStreams(this.departure ? { kind: 'client', by: this.departure } : { kind: 'connection-lost' })
    })
    this.armIdleTimer()
  }

  get isDestroyed(): boolean {
    return this.destroyed || this.socket.destroyed
  }

  /** Answers a stream: HEADERS, then the body (if any) as DATA within the peer's windows. */
  respond(stream: Http2Stream, status: number, headers: Readonly<Record<string, string>>, body?: Buffer, endStream = true): void {
    if (!stream.isWritable || this.isDestroyed) return
    const fields: HeaderField[] = [[':status', String(status)]]
    let date: string | undefined
    for (const name in headers) {
      const lower = name.toLowerCase()
      if (lower === 'date') date = headers[name]
      else if (!CONNECTION_FIELDS.has(lower)) fields.push([lower, headers[name]!])
    }
    // node:http2 adds a date to every answer; clients saw it there.
    fields.push(['date', date ?? httpDate()])
    const bodyFollows = body !== undefined && body.length > 0
    this.sendHeaders(stream.id, encodeHeaderBlock(fields), endStream && !bodyFollows)
    stream.status = status
    if (bodyFollows) this.sendData(stream, body, endStream)
    else if (endStream) this.endLocal(stream)
    this.flushSoon()
  }

  /** More body for an answered stream (a delayed, dribbled or cut body). */
  write(stream: Http2Stream, data: Buffer, endStream: boolean): void {
    if (!stream.isWritable || this.isDestroyed) return
    if (data.length > 0 || endStream) this.sendData(stream, data, endStream)
    this.flushSoon()
  }

  /** RST_STREAM with this code; the stream is done. */
  resetStream(stream: Http2Stream, code: number): void {
    if (stream.isClosed || this.isDestroyed) return
    this.writer.words(FrameType.RST_STREAM, 0, stream.id, code)
    this.close(stream, { kind: 'reset', code })
    this.flushSoon()
  }

  /** Changes SETTINGS_MAX_CONCURRENT_STREAMS; new streams over it are refused from now on. */
  setMaxConcurrentStreams(value: number): void {
    if (value === this.local.maxConcurrentStreams || this.isDestroyed) return
    this.local.maxConcurrentStreams = value
    this.writer.frame(FrameType.SETTINGS, 0, 0, encodeSettings({ maxConcurrentStreams: value }))
    this.flushSoon()
  }

  /**
   * GOAWAY, then close once the streams at or below `lastStreamId` are done
   * (node:http2's session.close()). Graceful (RFC 9113 §6.8): first a GOAWAY
   * with the largest stream id and a PING; the final GOAWAY, naming the last
   * stream actually received, once the PING comes back.
   */
  goaway(code: number, lastStreamId: number, debug?: Buffer, graceful = false): void {
    if (this.isDestroyed || this.gracefulFinal) return
    if (graceful) {
      this.writeGoaway(MAX_WINDOW, ErrorCode.NO_ERROR)
      this.writer.frame(FrameType.PING, 0, 0, GRACEFUL_PING)
      this.gracefulFinal = { code, debug }
      return this.flushSoon()
    }
    this.finalGoaway(code, lastStreamId, debug)
  }

  /** Drops the connection at once (a fault cutting a body). */
  destroy(): void {
    if (this.destroyed) return
    this.dropStreams({ kind: 'connection-lost' })
    this.socket.destroy()
  }

  /** The simulators stop: every open stream is settled, then the connection goes. */
  shutdown(): void {
    this.dropStreams({ kind: 'shutdown' })
    this.socket.destroy()
  }

  private read(chunk: Buffer): void {
    if (this.isDestroyed) return
    let data = chunk
    if (this.pending) {
      data = Buffer.concat([this.pending, chunk])
      this.pending = undefined
    }
    this.inRead = true
    this.lastFrameAt = performance.now()
    let at = 0
    try {
      if (!this.prefaceSeen) {
        const seen = Math.min(data.length, CLIENT_PREFACE.length)
        if (data.compare(CLIENT_PREFACE, 0, seen, 0, seen) !== 0) return this.connectionError(ErrorCode.PROTOCOL_ERROR, 'invalid connection preface')
        if (data.length < CLIENT_PREFACE.length) return void (this.pending = data)
        this.prefaceSeen = true
        at = CLIENT_PREFACE.length
      }
      while (!this.destroyed && data.length - at >= FRAME_HEADER_BYTES) {
        const length = (data[at]! << 16) | (data[at + 1]! << 8) | data[at + 2]!
        if (length > this.local.maxFrameSize) return this.connectionError(ErrorCode.FRAME_SIZE_ERROR, 'frame larger than SETTINGS_MAX_FRAME_SIZE')
        if (data.length - at < FRAME_HEADER_BYTES + length) break
        const type = data[at + 3]!
        const flags = data[at + 4]!
        const streamId = data.readUInt32BE(at + 5) & MAX_WINDOW
        const start = at + FRAME_HEADER_BYTES
        at = start + length
        this.frame(type, flags, streamId, data, start, at)
      }
      if (at < data.length && !this.destroyed) this.pending = data.subarray(at)
      const increment = this.flow.connectionUpdate()
      if (increment > 0) this.writer.words(FrameType.WINDOW_UPDATE, 0, 0, increment)
    } finally {
      this.inRead = false
      this.flush()
    }
    // A client that does not read its answers is not read either, so memory stays bounded.
    if (this.socket.writableNeedDrain && !this.isDestroyed) {
      this.socket.pause()
      this.socket.once('drain', () => this.socket.resume())
    }
  }

  private frame(type: number, flags: number, streamId: number, data: Buffer, start: number, end: number): void {
    const length = end - start
    const continuing = this.blocks.continuing
    if (continuing !== undefined && (type !== FrameType.CONTINUATION || streamId !== continuing)) {
      return this.connectionError(ErrorCode.PROTOCOL_ERROR, 'header block interrupted')
    }
    if (!this.settingsSeen) {
      if (type !== FrameType.SETTINGS || flags & Flag.ACK) return this.connectionError(ErrorCode.PROTOCOL_ERROR, 'first frame is not SETTINGS')
      this.settingsSeen = true
    }
    switch (type) {
      case FrameType.DATA:
        return this.onData(flags, streamId, data, start, end)
      case FrameType.HEADERS:
        if (streamId === 0 || streamId % 2 === 0) return this.connectionError(ErrorCode.PROTOCOL_ERROR, 'HEADERS on a stream a client cannot open')
        return this.onBlock(this.blocks.headers(flags, streamId, data, start, end))
      case FrameType.PRIORITY:
        if (streamId === 0) return this.connectionError(ErrorCode.PROTOCOL_ERROR, 'PRIORITY on stream 0')
        // A stream error, but RST_STREAM must never name an idle stream (RFC 9113 §6.4): there, as nghttp2, the connection's.
        if (length !== 5) return this.isIdle(streamId) ? this.connectionError(ErrorCode.FRAME_SIZE_ERROR, 'PRIORITY is not 5 bytes') : this.streamError(streamId, ErrorCode.FRAME_SIZE_ERROR)
        return // priorities are advisory, and deprecated (RFC 9113 §5.3.2)
      case FrameType.RST_STREAM:
        return this.onRstStream(streamId, data, start, length)
      case FrameType.SETTINGS:
        return this.onSettings(flags, streamId, data, start, end)
      case FrameType.PUSH_PROMISE:
        return this.connectionError(ErrorCode.PROTOCOL_ERROR, 'PUSH_PROMISE from a client')
      case FrameType.PING:
        return this.onPing(flags, streamId, data, start, end)
      case FrameType.GOAWAY:
        if (streamId !== 0) return this.connectionError(ErrorCode.PROTOCOL_ERROR, 'GOAWAY on a stream')
        if (length < 8) return this.connectionError(ErrorCode.FRAME_SIZE_ERROR, 'GOAWAY shorter than 8 bytes')
        // The client is leaving: streams still open when it closes were abandoned that way.
        this.departure = 'goaway'
        this.closing = true
        return this.endIfIdle()
      case FrameType.WINDOW_UPDATE:
        return this.onWindowUpdate(streamId, data, start, length)
      case FrameType.CONTINUATION:
        if (end === start && !(flags & Flag.END_HEADERS) && !this.floods.emptyFrame()) return this.flooded('empty CONTINUATION flood')
        return this.onBlock(this.blocks.continued(flags, streamId, data, start, end))
      default:
        return // unknown frame types are ignored (RFC 9113 §4.1)
    }
  }

  private onBlock(result: ReturnType<HeaderBlockAssembler['headers']>): void {
    if (result === 'continued') return
    if ('code' in result) return this.connectionError(result.code, result.reason)
    this.headerBlock(result)
  }

  /** A complete header block: a new request, or trailers that end one. A stream may not depend on itself (RFC 9113 §5.3.1). */
  private headerBlock({ flags, streamId, data, start, end, selfDependent }: HeaderBlockFrame): void {
    // Decoded even when the stream is refused or ignored: the HPACK table must stay in step.
    const decoded = this.decoder.decode(data, start, end)
    if (isHpackError(decoded)) return this.connectionError(ErrorCode.COMPRESSION_ERROR, decoded.message)
    const endStream = (flags & Flag.END_STREAM) !== 0
    const existing = this.streams.get(streamId)
    if (existing) {
      if (selfDependent) return this.streamError(streamId, ErrorCode.PROTOCOL_ERROR)
      if (existing.remoteEnded) return this.streamError(streamId, ErrorCode.STREAM_CLOSED)
      if (!endStream) return this.streamError(streamId, ErrorCode.PROTOCOL_ERROR) // trailers must end the stream
      if (trailersMalformed(decoded.fields)) return this.streamError(streamId, ErrorCode.PROTOCOL_ERROR)
      return this.endRemote(existing)
    }
    // Trailers the client sent before our RST_STREAM reached it: "MUST ignore", not a reused stream id.
    if (this.resetByUs.has(streamId)) return
    if (streamId <= this.lastClientStreamId) return this.connectionError(ErrorCode.PROTOCOL_ERROR, 'stream id not above the last one')
    this.lastClientStreamId = streamId
    if (selfDependent) return this.streamError(streamId, ErrorCode.PROTOCOL_ERROR)
    if (decoded.fields.length / 2 > MAX_HEADER_PAIRS || decoded.listSize > this.local.maxHeaderListSize) return this.streamError(streamId, ErrorCode.ENHANCE_YOUR_CALM)
    const head = requestHeadOf(decoded)
    if ('malformed' in head) return this.streamError(streamId, ErrorCode.PROTOCOL_ERROR)
    // After GOAWAY, new streams are not processed: the client learns which from the last-stream-id.
    if (streamId > this.goawayLastStreamId || this.closing) return this.options.onUnprocessed?.(head, streamId, 'dropped')
    if (this.streams.size >= this.local.maxConcurrentStreams) {
      this.streamError(streamId, ErrorCode.REFUSED_STREAM)
      if (!this.destroyed) this.options.onUnprocessed?.(head, streamId, 'refused')
      return
    }
    const stream = new Http2Stream(streamId, head, this.flow.initialRecvWindow, this.flow.initialSendWindow, () => !this.isDestroyed)
    this.streams.set(streamId, stream)
    stream.onRequest = this.options.onStream(stream)
    if (endStream) this.endRemote(stream)
  }

  private onData(flags: number, streamId: number, data: Buffer, start: number, end: number): void {
    if (streamId === 0) return this.connectionError(ErrorCode.PROTOCOL_ERROR, 'DATA on stream 0')
    const length = end - start
    // The whole frame, padding included, counts against flow control (RFC 9113 §6.9.1).
    if (this.flow.received(length) === 'exceeded') return this.connectionError(ErrorCode.FLOW_CONTROL_ERROR, 'connection window exceeded')
    if (length === 0 && !(flags & Flag.END_STREAM) && !this.floods.emptyFrame()) return this.flooded('empty DATA flood')
    let from = start
    let to = end
    if (flags & Flag.PADDED) {
      if (length < 1) return this.connectionError(ErrorCode.FRAME_SIZE_ERROR, 'DATA too short for its padding')
      const padding = data[from++]!
      if (padding > to - from) return this.connectionError(ErrorCode.PROTOCOL_ERROR, 'padding longer than the frame')
      to -= padding
    }
    const stream = this.streams.get(streamId)
    if (!stream) {
      if (this.isIdle(streamId)) return this.connectionError(ErrorCode.PROTOCOL_ERROR, 'DATA on an idle stream')
      return // a stream we refused, reset or finished: its data is dropped, its bytes still credited
    }
    if (stream.remoteEnded) return this.streamError(streamId, ErrorCode.STREAM_CLOSED)
    if (this.flow.receivedOnStream(stream, length) === 'exceeded') return this.streamError(streamId, ErrorCode.FLOW_CONTROL_ERROR)
    this.flow.bufferedBodyBytes += stream.receive(data.subarray(from, to), this.options.maxBodyBytes)
    if (flags & Flag.END_STREAM) return this.endRemote(stream)
    const increment = this.flow.streamUpdate(stream)
    if (increment > 0) this.writer.words(FrameType.WINDOW_UPDATE, 0, streamId, increment)
  }

  private onRstStream(streamId: number, data: Buffer, start: number, length: number): void {
    if (streamId === 0) return this.connectionError(ErrorCode.PROTOCOL_ERROR, 'RST_STREAM on stream 0')
    if (length !== 4) return this.connectionError(ErrorCode.FRAME_SIZE_ERROR, 'RST_STREAM is not 4 bytes')
    if (this.isIdle(streamId)) return this.connectionError(ErrorCode.PROTOCOL_ERROR, 'RST_STREAM on an idle stream')
    // Rapid reset (CVE-2023-44487): opening and resetting streams costs us a request each and the client nothing.
    if (!this.floods.resetReceived()) return this.flooded('RST_STREAM flood')
    const stream = this.streams.get(streamId)
    if (stream) this.close(stream, { kind: 'client', by: 'rst-stream', code: data.readUInt32BE(start) })
  }

  private onSettings(flags: number, streamId: number, data: Buffer, start: number, end: number): void {
    if (streamId !== 0) return this.connectionError(ErrorCode.PROTOCOL_ERROR, 'SETTINGS on a stream')
    if (flags & Flag.ACK) {
      if (end !== start) return this.connectionError(ErrorCode.FRAME_SIZE_ERROR, 'SETTINGS ACK with a payload')
      return this.flow.localSettingsAcked(this.streams.values())
    }
    const settings = decodePeerSettings(data, start, end)
    if (isSettingsProblem(settings)) return this.connectionError(settings.code, settings.reason)
    if (settings.initialWindowSize !== undefined && this.flow.peerInitialWindowChanged(settings.initialWindowSize, this.streams.values()) === 'exceeded') {
      return this.connectionError(ErrorCode.FLOW_CONTROL_ERROR, 'a stream window above 2^31-1')
    }
    if (settings.maxFrameSize !== undefined) this.peerMaxFrameSize = settings.maxFrameSize
    // The settings-no-ack fault: applied, never acknowledged.
    if (!this.behaviour.ignoreSettings) {
      if (!this.floods.ackQueued()) return this.flooded('SETTINGS flood')
      this.writer.frame(FrameType.SETTINGS, Flag.ACK, 0)
    }
    this.resumeBlocked()
  }

  private onPing(flags: number, streamId: number, data: Buffer, start: number, end: number): void {
    if (streamId !== 0) return this.connectionError(ErrorCode.PROTOCOL_ERROR, 'PING on a stream')
    if (end - start !== 8) return this.connectionError(ErrorCode.FRAME_SIZE_ERROR, 'PING is not 8 bytes')
    if (flags & Flag.ACK) {
      const final = this.gracefulFinal
      // The graceful GOAWAY's PING is back: every stream the client opened before seeing the first GOAWAY has arrived.
      if (final && data.compare(GRACEFUL_PING, 0, 8, start, end) === 0) {
        this.gracefulFinal = undefined
        this.finalGoaway(final.code, this.lastClientStreamId, final.debug)
      }
      return
    }
    if (this.behaviour.ignorePings) return // the ping-no-ack fault
    if (!this.floods.ackQueued()) return this.flooded('PING flood')
    this.writer.frame(FrameType.PING, Flag.ACK, 0, data, start, end)
  }

  private onWindowUpdate(streamId: number, data: Buffer, start: number, length: number): void {
    if (length !== 4) return this.connectionError(ErrorCode.FRAME_SIZE_ERROR, 'WINDOW_UPDATE is not 4 bytes')
    const increment = data.readUInt32BE(start) & MAX_WINDOW
    if (streamId === 0) {
      if (increment === 0) return this.connectionError(ErrorCode.PROTOCOL_ERROR, 'WINDOW_UPDATE of 0')
      if (this.flow.grantedConnection(increment) === 'exceeded') return this.connectionError(ErrorCode.FLOW_CONTROL_ERROR, 'connection window above 2^31-1')
      return this.resumeBlocked()
    }
    if (this.isIdle(streamId)) return this.connectionError(ErrorCode.PROTOCOL_ERROR, 'WINDOW_UPDATE on an idle stream')
    const stream = this.streams.get(streamId)
    if (!stream) return // closed streams may still see window updates in flight
    if (increment === 0) return this.streamError(streamId, ErrorCode.PROTOCOL_ERROR)
    if (this.flow.grantedStream(stream, increment) === 'exceeded') return this.streamError(streamId, ErrorCode.FLOW_CONTROL_ERROR)
    this.resumeBlocked()
  }

  /** The client ended its side: check the body's length, then hand the request over. */
  private endRemote(stream: Http2Stream): void {
    stream.remoteEnded = true
    const declared = stream.head.contentLength
    if (declared !== undefined && declared !== stream.bodyLength) return this.streamError(stream.id, ErrorCode.PROTOCOL_ERROR)
    const deliver = stream.onRequest
    stream.onRequest = undefined
    this.releaseBody(stream)
    deliver?.(stream.request())
    if (stream.localEnded) this.close(stream, { kind: 'ended' })
  }

  private endLocal(stream: Http2Stream): void {
    stream.localEnded = true
    if (stream.remoteEnded) this.close(stream, { kind: 'ended' })
  }

  private close(stream: Http2Stream, end: StreamEnd): void {
    if (stream.isClosed) return
    stream.isClosed = true
    stream.blocked = undefined
    this.releaseBody(stream)
    if (this.streams.get(stream.id) === stream) this.streams.delete(stream.id)
    stream.onClose?.(end)
    this.endIfIdle()
  }

  /** The stream's kept body no longer counts against the connection's buffered bytes (handed over, or the stream is gone). */
  private releaseBody(stream: Http2Stream): void {
    if (stream.bodyReleased) return
    stream.bodyReleased = true
    this.flow.bufferedBodyBytes -= stream.kept
  }

  private finalGoaway(code: number, lastStreamId: number, debug: Buffer | undefined): void {
    this.writeGoaway(lastStreamId, code, debug)
    this.goawayLastStreamId = Math.min(this.goawayLastStreamId, lastStreamId)
    this.closing = true
    for (const stream of [...this.streams.values()]) if (stream.id > lastStreamId) this.close(stream, { kind: 'dropped' })
    this.flushSoon()
    this.endIfIdle()
  }

  private writeGoaway(lastStreamId: number, code: number, debug?: Buffer): void {
    const payload = Buffer.allocUnsafe(8 + (debug?.length ?? 0))
    payload.writeUInt32BE(lastStreamId & MAX_WINDOW, 0)
    payload.writeUInt32BE(code >>> 0, 4)
    debug?.copy(payload, 8)
    this.writer.frame(FrameType.GOAWAY, 0, 0, payload)
  }

  private sendHeaders(streamId: number, block: Buffer, endStream: boolean): void {
    const max = this.peerMaxFrameSize
    const flags = endStream ? Flag.END_STREAM : 0
    if (block.length <= max) return this.writer.frame(FrameType.HEADERS, flags | Flag.END_HEADERS, streamId, block)
    this.writer.frame(FrameType.HEADERS, flags, streamId, block, 0, max)
    for (let at = max; at < block.length; at += max) {
      const end = Math.min(block.length, at + max)
      this.writer.frame(FrameType.CONTINUATION, end === block.length ? Flag.END_HEADERS : 0, streamId, block, at, end)
    }
  }

  /** Sends what the windows allow now; the rest waits for WINDOW_UPDATE. */
  private sendData(stream: Http2Stream, data: Buffer, endStream: boolean): void {
    let at = 0
    for (;;) {
      const size = this.flow.sendable(stream, data.length - at, this.peerMaxFrameSize)
      const last = at + size === data.length
      if (size <= 0 && !(last && data.length === 0)) break
      this.writer.frame(FrameType.DATA, last && endStream ? Flag.END_STREAM : 0, stream.id, data, at, at + size)
      this.flow.spent(stream, size)
      stream.bytesSent += size
      at += size
      if (last) {
        stream.blocked = undefined
        if (endStream) this.endLocal(stream)
        return
      }
    }
    stream.blocked = { data: data.subarray(at), endStream }
  }

  private resumeBlocked(): void {
    for (const stream of this.streams.values()) {
      if (!this.flow.canSend) return
      const blocked = stream.blocked
      if (blocked && stream.sendWindow > 0) this.sendData(stream, blocked.data, blocked.endStream)
    }
  }

  /** A stream error the client caused: RST_STREAM, within the reset budget (MadeYouReset, CVE-2025-8671, as rapid reset). */
  private streamError(streamId: number, code: number): void {
    if (!this.floods.resetReceived()) return this.flooded('stream errors provoked')
    this.writer.words(FrameType.RST_STREAM, 0, streamId, code)
    this.rememberReset(streamId)
    const stream = this.streams.get(streamId)
    if (stream) this.close(stream, { kind: 'reset', code })
  }

  private rememberReset(streamId: number): void {
    if (this.isIdle(streamId)) return // a bad PRIORITY on a stream not yet opened: it may still be opened
    this.resetByUs.add(streamId)
    if (this.resetByUs.size > MAX_REMEMBERED_RESETS) this.resetByUs.delete(this.resetByUs.values().next().value!)
  }

  /** Never opened: above every client stream, or even (this server opens none; RFC 9113 §5.1.1). */
  private isIdle(streamId: number): boolean {
    return streamId > this.lastClientStreamId || streamId % 2 === 0
  }

  /** A flood: GOAWAY ENHANCE_YOUR_CALM, as nghttp2 answers one. */
  private flooded(reason: string): void {
    this.connectionError(ErrorCode.ENHANCE_YOUR_CALM, reason)
  }

  /** GOAWAY with the code, then the connection ends (RFC 9113 §5.4.1). */
  private connectionError(code: number, reason: string): void {
    if (this.destroyed) return
    this.writeGoaway(this.lastClientStreamId, code, Buffer.from(reason))
    this.flush()
    this.pending = undefined
    this.dropStreams({ kind: 'connection-lost' })
    this.socket.end()
  }

  /** The client closed its side: a stream still waiting for its answer was abandoned. */
  private clientLeft(by: Departure): void {
    this.departure ??= by
    this.dropStreams({ kind: 'client', by: this.departure })
    this.socket.end()
  }

  /** The connection is over: no stream can be answered any more; each open one is closed with `end`. */
  private dropStreams(end: StreamEnd): void {
    this.destroyed = true
    clearTimeout(this.idleTimer)
    const open = [...this.streams.values()]
    this.streams.clear()
    for (const stream of open) this.close(stream, end)
  }

  /** After GOAWAY either way, the connection ends once no stream is left. */
  private endIfIdle(): void {
    if (!this.closing || this.streams.size > 0 || this.destroyed) return
    this.flush()
    this.destroyed = true
    clearTimeout(this.idleTimer)
    this.socket.end()
  }

  /**
   * No stream open and no frame for the idle time: GOAWAY(NO_ERROR), then
   * close. Streams waiting (a hang) keep it open. One timer per connection,
   * re-armed for what is left rather than reset on every read.
   */
  private armIdleTimer(delayMs = this.options.idleTimeoutMs ?? 0): void {
    const idleMs = this.options.idleTimeoutMs ?? 0
    if (idleMs <= 0 || this.destroyed) return
    this.idleTimer = setTimeout(() => {
      if (this.isDestroyed) return
      const quietMs = performance.now() - this.lastFrameAt
      if (this.streams.size > 0 || quietMs < idleMs) return this.armIdleTimer(Math.max(1, idleMs - quietMs))
      const debug = this.options.idleDebug
      this.goaway(ErrorCode.NO_ERROR, this.lastClientStreamId, debug === undefined ? undefined : Buffer.from(debug))
      this.flush()
    }, delayMs).unref()
  }

  /** Frames queued outside a read (a delayed answer) go out together at the end of the turn. */
  private flushSoon(): void {
    if (this.inRead || this.flushQueued) return
    this.flushQueued = true
    queueMicrotask(() => {
      this.flushQueued = false
      this.flush()
    })
  }

  private flush(): void {
    const bytes = this.writer.take()
    if (bytes && !this.socket.destroyed && this.socket.writable) this.socket.write(bytes)
  }
}

// Fields HTTP/2 forbids in any message (RFC 9113 §8.2.2); a provider's own values would make the answer malformed.
const CONNECTION_FIELDS = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade'])

export { MAX_BUFFERED_BODY_BYTES }
