import type { Duplex } from 'node:stream'
import { httpDate } from '../http-date.ts'
import { FrameWriter } from './frame-writer.ts'
import {
  CLIENT_PREFACE,
  DEFAULT_WINDOW,
  ErrorCode,
  Flag,
  FRAME_HEADER_BYTES,
  FrameType,
  MAX_MAX_FRAME_SIZE,
  MAX_WINDOW,
  MIN_MAX_FRAME_SIZE,
  Setting,
} from './frames.ts'
import { encodeHeaderBlock, HpackDecoder, isHpackError, type HeaderField } from './hpack/index.ts'
import { requestHeadOf, trailersMalformed, type RequestHead } from './request-head.ts'
import { Http2Stream } from './stream.ts'

/** The SETTINGS a session advertises (APNs' documented values, protocols.md §1.8). */
export interface LocalSettings {
  headerTableSize: number
  maxConcurrentStreams: number
  initialWindowSize: number
  maxFrameSize: number
  maxHeaderListSize: number
}

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
  /** A stream opened; the returned function receives its request once the client has ended it. */
  onStream(stream: Http2Stream): (request: Http2Request) => void
}

// node:http2's default cap on header fields per request (maxHeaderListPairs).
const MAX_HEADER_PAIRS = 128
// A header block split over CONTINUATION frames is bounded: a CONTINUATION flood must not grow memory.
const MAX_HEADER_BLOCK_BYTES = 64 * 1024
// Streams we reset are remembered this long (most recent ids), so the frames the client sent before it saw the reset are ignored.
const MAX_REMEMBERED_RESETS = 1024
// Receive windows are topped up once half is consumed, as nghttp2 does.
const UPDATE_THRESHOLD = DEFAULT_WINDOW >>> 1

/**
 * pushsim's own HTTP/2 server side of one connection (RFC 9113), for the
 * APNs ports. node:http2 builds a Duplex stream and several objects per
 * request and crosses into nghttp2 for every frame; a push simulator needs
 * none of that, so this parses frames from each read, answers from the same
 * turn, and writes every frame of the turn at once.
 *
 * Covered: preface and SETTINGS exchange, HPACK with CONTINUATION, padding,
 * stream states and concurrency (REFUSED_STREAM over the limit), both
 * directions of flow control, PING, RST_STREAM, GOAWAY both ways, and the
 * connection and stream errors of RFC 9113 §5.4 with their codes.
 */
export class Http2Session {
  private readonly streams = new Map<number, Http2Stream>()
  private readonly writer = new FrameWriter()
  private readonly decoder: HpackDecoder
  private readonly local: LocalSettings
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
  /** GOAWAY sent: streams above this id are ignored. */
  private goawayLastStreamId = Number.POSITIVE_INFINITY
  // Flow control, connection level.
  private connectionSendWindow = DEFAULT_WINDOW
  private connectionRecvWindow = DEFAULT_WINDOW
  // The peer's settings that shape what we send.
  private peerInitialWindow = DEFAULT_WINDOW
  private peerMaxFrameSize = MIN_MAX_FRAME_SIZE
  // A header block being continued: its stream, HEADERS flags and fragments.
  private continuation: { streamId: number; flags: number; selfDependent: boolean; fragments: Buffer[]; bytes: number } | undefined

  constructor(
    readonly socket: Duplex,
    private readonly options: Http2SessionOptions,
  ) {
    this.local = { ...options.settings }
    this.decoder = new HpackDecoder(this.local.headerTableSize)
    this.sendSettings(this.local)
    this.flush()
    socket.on('data', (chunk: Buffer) => this.read(chunk))
    socket.on('end', () => this.destroy())
    socket.on('error', () => {}) // a client that vanishes is not our failure
    socket.once('close', () => (this.destroyed = true))
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
    if (bodyFollows) this.sendData(stream, body, endStream)
    else if (endStream) this.endLocal(stream)
    this.flushSoon()
  }

  /** More body for an answered stream (a delayed or cut body). */
  write(stream: Http2Stream, data: Buffer, endStream: boolean): void {
    if (!stream.isWritable || this.isDestroyed) return
    this.sendData(stream, data, endStream)
    this.flushSoon()
  }

  /** RST_STREAM with this code; the stream is done. */
  resetStream(stream: Http2Stream, code: number): void {
    if (stream.isClosed || this.isDestroyed) return
    this.writer.words(FrameType.RST_STREAM, 0, stream.id, code)
    this.close(stream)
    this.flushSoon()
  }

  /** Changes SETTINGS_MAX_CONCURRENT_STREAMS; new streams over it are refused from now on. */
  setMaxConcurrentStreams(value: number): void {
    if (value === this.local.maxConcurrentStreams || this.isDestroyed) return
    this.local.maxConcurrentStreams = value
    this.sendSettings({ maxConcurrentStreams: value })
    this.flushSoon()
  }

  /** GOAWAY, then close once the streams at or below `lastStreamId` are done (node:http2's session.close()). */
  goaway(code: number, lastStreamId: number, debug?: Buffer): void {
    if (this.isDestroyed) return
    const payload = Buffer.allocUnsafe(8 + (debug?.length ?? 0))
    payload.writeUInt32BE(lastStreamId & MAX_WINDOW, 0)
    payload.writeUInt32BE(code >>> 0, 4)
    debug?.copy(payload, 8)
    this.writer.frame(FrameType.GOAWAY, 0, 0, payload)
    this.goawayLastStreamId = Math.min(this.goawayLastStreamId, lastStreamId)
    this.closing = true
    for (const stream of this.streams.values()) if (stream.id > lastStreamId) this.close(stream)
    this.flushSoon()
    this.endIfIdle()
  }

  /** Drops the connection at once (a fault cutting a body). */
  destroy(): void {
    if (this.destroyed) return
    this.dropStreams()
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
      this.replenishConnectionWindow()
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
    if (this.continuation && (type !== FrameType.CONTINUATION || streamId !== this.continuation.streamId)) {
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
        return this.onHeaders(flags, streamId, data, start, end)
      case FrameType.PRIORITY:
        if (streamId === 0) return this.connectionError(ErrorCode.PROTOCOL_ERROR, 'PRIORITY on stream 0')
        if (length !== 5) return this.streamError(streamId, ErrorCode.FRAME_SIZE_ERROR)
        return // priorities are advisory, and deprecated (RFC 9113 §5.3.2)
      case FrameType.RST_STREAM:
        return this.onRstStream(streamId, length)
      case FrameType.SETTINGS:
        return this.onSettings(flags, streamId, data, start, end)
      case FrameType.PUSH_PROMISE:
        return this.connectionError(ErrorCode.PROTOCOL_ERROR, 'PUSH_PROMISE from a client')
      case FrameType.PING:
        if (streamId !== 0) return this.connectionError(ErrorCode.PROTOCOL_ERROR, 'PING on a stream')
        if (length !== 8) return this.connectionError(ErrorCode.FRAME_SIZE_ERROR, 'PING is not 8 bytes')
        if (!(flags & Flag.ACK)) this.writer.frame(FrameType.PING, Flag.ACK, 0, data, start, end)
        return
      case FrameType.GOAWAY:
        if (streamId !== 0) return this.connectionError(ErrorCode.PROTOCOL_ERROR, 'GOAWAY on a stream')
        if (length < 8) return this.connectionError(ErrorCode.FRAME_SIZE_ERROR, 'GOAWAY shorter than 8 bytes')
        this.closing = true
        return this.endIfIdle()
      case FrameType.WINDOW_UPDATE:
        return this.onWindowUpdate(streamId, data, start, length)
      case FrameType.CONTINUATION:
        return this.onContinuation(flags, streamId, data, start, end)
      default:
        return // unknown frame types are ignored (RFC 9113 §4.1)
    }
  }

  private onHeaders(flags: number, streamId: number, data: Buffer, start: number, end: number): void {
    if (streamId === 0 || streamId % 2 === 0) return this.connectionError(ErrorCode.PROTOCOL_ERROR, 'HEADERS on a stream a client cannot open')
    let from = start
    let to = end
    if (flags & Flag.PADDED) {
      if (to - from < 1) return this.connectionError(ErrorCode.FRAME_SIZE_ERROR, 'HEADERS too short for its padding')
      const padding = data[from++]!
      if (padding > to - from) return this.connectionError(ErrorCode.PROTOCOL_ERROR, 'padding longer than the frame')
      to -= padding
    }
    let selfDependent = false
    if (flags & Flag.PRIORITY) {
      if (to - from < 5) return this.connectionError(ErrorCode.FRAME_SIZE_ERROR, 'HEADERS too short for its priority')
      selfDependent = (data.readUInt32BE(from) & MAX_WINDOW) === streamId
      from += 5
    }
    if (!(flags & Flag.END_HEADERS)) {
      this.continuation = { streamId, flags, selfDependent, fragments: [Buffer.from(data.subarray(from, to))], bytes: to - from }
      return
    }
    this.headerBlock(flags, streamId, data, from, to, selfDependent)
  }

  private onContinuation(flags: number, streamId: number, data: Buffer, start: number, end: number): void {
    const continued = this.continuation
    if (!continued) return this.connectionError(ErrorCode.PROTOCOL_ERROR, 'CONTINUATION without HEADERS')
    // Frame headers count too: a flood of empty CONTINUATIONs adds no block bytes, yet costs a frame each.
    continued.bytes += FRAME_HEADER_BYTES + end - start
    if (continued.bytes > MAX_HEADER_BLOCK_BYTES) return this.connectionError(ErrorCode.ENHANCE_YOUR_CALM, 'header block too large')
    if (end > start) continued.fragments.push(Buffer.from(data.subarray(start, end)))
    if (!(flags & Flag.END_HEADERS)) return
    this.continuation = undefined
    const block = Buffer.concat(continued.fragments)
    this.headerBlock(continued.flags, streamId, block, 0, block.length, continued.selfDependent)
  }

  /** A complete header block: a new request, or trailers that end one. A stream may not depend on itself (RFC 9113 §5.3.1). */
  private headerBlock(flags: number, streamId: number, data: Buffer, start: number, end: number, selfDependent: boolean): void {
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
    if (streamId > this.goawayLastStreamId || this.closing) return // after GOAWAY, new streams are not processed
    if (selfDependent) return this.streamError(streamId, ErrorCode.PROTOCOL_ERROR)
    if (this.streams.size >= this.local.maxConcurrentStreams) return this.streamError(streamId, ErrorCode.REFUSED_STREAM)
    if (decoded.fields.length / 2 > MAX_HEADER_PAIRS || decoded.listSize > this.local.maxHeaderListSize) return this.streamError(streamId, ErrorCode.ENHANCE_YOUR_CALM)
    const head = requestHeadOf(decoded)
    if ('malformed' in head) return this.streamError(streamId, ErrorCode.PROTOCOL_ERROR)
    const stream = new Http2Stream(streamId, this, head, this.local.initialWindowSize, this.peerInitialWindow)
    this.streams.set(streamId, stream)
    stream.onRequest = this.options.onStream(stream)
    if (endStream) this.endRemote(stream)
  }

  private onData(flags: number, streamId: number, data: Buffer, start: number, end: number): void {
    if (streamId === 0) return this.connectionError(ErrorCode.PROTOCOL_ERROR, 'DATA on stream 0')
    const length = end - start
    // The whole frame, padding included, counts against flow control (RFC 9113 §6.9.1).
    this.connectionRecvWindow -= length
    if (this.connectionRecvWindow < 0) return this.connectionError(ErrorCode.FLOW_CONTROL_ERROR, 'connection window exceeded')
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
    stream.recvWindow -= length
    if (stream.recvWindow < 0) return this.streamError(streamId, ErrorCode.FLOW_CONTROL_ERROR)
    stream.receive(data.subarray(from, to), this.options.maxBodyBytes)
    if (flags & Flag.END_STREAM) return this.endRemote(stream)
    const consumed = this.local.initialWindowSize - stream.recvWindow
    if (consumed >= Math.min(UPDATE_THRESHOLD, this.local.initialWindowSize >>> 1)) {
      this.writer.words(FrameType.WINDOW_UPDATE, 0, streamId, consumed)
      stream.recvWindow += consumed
    }
  }

  private onRstStream(streamId: number, length: number): void {
    if (streamId === 0) return this.connectionError(ErrorCode.PROTOCOL_ERROR, 'RST_STREAM on stream 0')
    if (length !== 4) return this.connectionError(ErrorCode.FRAME_SIZE_ERROR, 'RST_STREAM is not 4 bytes')
    if (this.isIdle(streamId)) return this.connectionError(ErrorCode.PROTOCOL_ERROR, 'RST_STREAM on an idle stream')
    const stream = this.streams.get(streamId)
    if (stream) this.close(stream)
  }

  private onSettings(flags: number, streamId: number, data: Buffer, start: number, end: number): void {
    if (streamId !== 0) return this.connectionError(ErrorCode.PROTOCOL_ERROR, 'SETTINGS on a stream')
    if (flags & Flag.ACK) {
      if (end !== start) return this.connectionError(ErrorCode.FRAME_SIZE_ERROR, 'SETTINGS ACK with a payload')
      return
    }
    if ((end - start) % 6 !== 0) return this.connectionError(ErrorCode.FRAME_SIZE_ERROR, 'SETTINGS length is not a multiple of 6')
    for (let at = start; at < end; at += 6) {
      const id = data.readUInt16BE(at)
      const value = data.readUInt32BE(at + 2)
      if (id === Setting.ENABLE_PUSH && value > 1) return this.connectionError(ErrorCode.PROTOCOL_ERROR, 'ENABLE_PUSH is not 0 or 1')
      if (id === Setting.INITIAL_WINDOW_SIZE) {
        if (value > MAX_WINDOW) return this.connectionError(ErrorCode.FLOW_CONTROL_ERROR, 'INITIAL_WINDOW_SIZE above 2^31-1')
        const delta = value - this.peerInitialWindow
        this.peerInitialWindow = value
        for (const stream of this.streams.values()) {
          stream.sendWindow += delta
          if (stream.sendWindow > MAX_WINDOW) return this.connectionError(ErrorCode.FLOW_CONTROL_ERROR, 'a stream window above 2^31-1')
        }
      }
      if (id === Setting.MAX_FRAME_SIZE) {
        if (value < MIN_MAX_FRAME_SIZE || value > MAX_MAX_FRAME_SIZE) return this.connectionError(ErrorCode.PROTOCOL_ERROR, 'MAX_FRAME_SIZE out of range')
        this.peerMaxFrameSize = value
      }
      // HEADER_TABLE_SIZE needs nothing: answers never use the peer's dynamic table. We never push.
    }
    this.writer.frame(FrameType.SETTINGS, Flag.ACK, 0)
    this.resumeBlocked()
  }

  private onWindowUpdate(streamId: number, data: Buffer, start: number, length: number): void {
    if (length !== 4) return this.connectionError(ErrorCode.FRAME_SIZE_ERROR, 'WINDOW_UPDATE is not 4 bytes')
    const increment = data.readUInt32BE(start) & MAX_WINDOW
    if (streamId === 0) {
      if (increment === 0) return this.connectionError(ErrorCode.PROTOCOL_ERROR, 'WINDOW_UPDATE of 0')
      this.connectionSendWindow += increment
      if (this.connectionSendWindow > MAX_WINDOW) return this.connectionError(ErrorCode.FLOW_CONTROL_ERROR, 'connection window above 2^31-1')
      return this.resumeBlocked()
    }
    if (this.isIdle(streamId)) return this.connectionError(ErrorCode.PROTOCOL_ERROR, 'WINDOW_UPDATE on an idle stream')
    const stream = this.streams.get(streamId)
    if (!stream) return // closed streams may still see window updates in flight
    if (increment === 0) return this.streamError(streamId, ErrorCode.PROTOCOL_ERROR)
    stream.sendWindow += increment
    if (stream.sendWindow > MAX_WINDOW) return this.streamError(streamId, ErrorCode.FLOW_CONTROL_ERROR)
    this.resumeBlocked()
  }

  /** The client ended its side: check the body's length, then hand the request over. */
  private endRemote(stream: Http2Stream): void {
    stream.remoteEnded = true
    const declared = stream.head.contentLength
    if (declared !== undefined && declared !== stream.bodyLength) return this.streamError(stream.id, ErrorCode.PROTOCOL_ERROR)
    const deliver = stream.onRequest
    stream.onRequest = undefined
    deliver?.(stream.request())
    if (stream.localEnded) this.close(stream)
  }

  private endLocal(stream: Http2Stream): void {
    stream.localEnded = true
    if (stream.remoteEnded) this.close(stream)
  }

  private close(stream: Http2Stream): void {
    stream.isClosed = true
    stream.blocked = undefined
    if (this.streams.get(stream.id) === stream) this.streams.delete(stream.id)
    this.endIfIdle()
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
      const room = Math.min(stream.sendWindow, this.connectionSendWindow, this.peerMaxFrameSize)
      const size = Math.min(room, data.length - at)
      const last = at + size === data.length
      if (size <= 0 && !(last && data.length === 0)) break
      this.writer.frame(FrameType.DATA, last && endStream ? Flag.END_STREAM : 0, stream.id, data, at, at + size)
      stream.sendWindow -= size
      this.connectionSendWindow -= size
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
      if (this.connectionSendWindow <= 0) return
      const blocked = stream.blocked
      if (blocked && stream.sendWindow > 0) this.sendData(stream, blocked.data, blocked.endStream)
    }
  }

  private replenishConnectionWindow(): void {
    const consumed = DEFAULT_WINDOW - this.connectionRecvWindow
    if (consumed < UPDATE_THRESHOLD) return
    this.writer.words(FrameType.WINDOW_UPDATE, 0, 0, consumed)
    this.connectionRecvWindow += consumed
  }

  private sendSettings(settings: Partial<LocalSettings>): void {
    const pairs: [number, number | undefined][] = [
      [Setting.HEADER_TABLE_SIZE, settings.headerTableSize],
      [Setting.MAX_CONCURRENT_STREAMS, settings.maxConcurrentStreams],
      [Setting.INITIAL_WINDOW_SIZE, settings.initialWindowSize],
      [Setting.MAX_FRAME_SIZE, settings.maxFrameSize],
      [Setting.MAX_HEADER_LIST_SIZE, settings.maxHeaderListSize],
    ]
    const present = pairs.filter((pair): pair is [number, number] => pair[1] !== undefined)
    const payload = Buffer.allocUnsafe(present.length * 6)
    present.forEach(([id, value], index) => {
      payload.writeUInt16BE(id, index * 6)
      payload.writeUInt32BE(value, index * 6 + 2)
    })
    this.writer.frame(FrameType.SETTINGS, 0, 0, payload)
  }

  private streamError(streamId: number, code: number): void {
    this.writer.words(FrameType.RST_STREAM, 0, streamId, code)
    this.rememberReset(streamId)
    const stream = this.streams.get(streamId)
    if (stream) this.close(stream)
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

  /** GOAWAY with the code, then the connection ends (RFC 9113 §5.4.1). */
  private connectionError(code: number, reason: string): void {
    if (this.destroyed) return
    const debug = Buffer.from(reason)
    const payload = Buffer.allocUnsafe(8 + debug.length)
    payload.writeUInt32BE(this.lastClientStreamId, 0)
    payload.writeUInt32BE(code, 4)
    debug.copy(payload, 8)
    this.writer.frame(FrameType.GOAWAY, 0, 0, payload)
    this.flush()
    this.pending = undefined
    this.dropStreams()
    this.socket.end()
  }

  /** The connection is over: no stream can be answered any more. */
  private dropStreams(): void {
    this.destroyed = true
    for (const stream of this.streams.values()) stream.isClosed = true
    this.streams.clear()
  }

  /** After GOAWAY either way, the connection ends once no stream is left. */
  private endIfIdle(): void {
    if (!this.closing || this.streams.size > 0 || this.destroyed) return
    this.flush()
    this.destroyed = true
    this.socket.end()
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
