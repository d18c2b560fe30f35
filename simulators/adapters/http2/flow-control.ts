import { DEFAULT_WINDOW, MAX_WINDOW } from './frames.ts'
import type { Http2Stream } from './stream.ts'

// Receive windows are topped up once half is consumed, as nghttp2 does.
const UPDATE_THRESHOLD = DEFAULT_WINDOW >>> 1
/**
 * Request bodies buffered at once on one connection. Past it the connection
 * window is not replenished, so a client opening a thousand slow streams is
 * held back by flow control instead of growing our memory.
 */
export const MAX_BUFFERED_BODY_BYTES = 1024 * 1024

/** What a frame did to a window: fine, or the flow-control error it is. */
export type WindowResult = 'ok' | 'exceeded'

/**
 * Both directions of HTTP/2 flow control for one connection (RFC 9113 §6.9):
 * what the client may still send us (and when to tell it it may send more),
 * and what we may send it.
 */
export class FlowControl {
  private connectionSendWindow = DEFAULT_WINDOW
  private connectionRecvWindow = DEFAULT_WINDOW
  /** Stream windows we grant start at this (our SETTINGS_INITIAL_WINDOW_SIZE). */
  private readonly localInitialWindow: number
  private peerInitialWindow = DEFAULT_WINDOW
  /** Body bytes kept by open streams, not yet handed over. */
  bufferedBodyBytes = 0
  private localAcked = false

  /**
   * @param stalled the window-stall fault: never grant more than the initial windows
   */
  constructor(
    localInitialWindow: number,
    private readonly stalled: boolean,
  ) {
    this.localInitialWindow = localInitialWindow
  }

  /**
   * The window a new stream starts with in each direction. Ours takes effect
   * only once the client acknowledged our SETTINGS: until then it may send
   * the default (RFC 9113 §6.5.3, §6.9.2).
   */
  get initialRecvWindow(): number {
    return this.localAcked ? this.localInitialWindow : DEFAULT_WINDOW
  }

  /** The client acknowledged our SETTINGS: open streams move from the default window to ours. */
  localSettingsAcked(streams: Iterable<Http2Stream>): void {
    if (this.localAcked) return
    this.localAcked = true
    const delta = this.localInitialWindow - DEFAULT_WINDOW
    if (delta !== 0) for (const stream of streams) stream.recvWindow += delta
  }
  get initialSendWindow(): number {
    return this.peerInitialWindow
  }

  /** A DATA frame of `length` bytes (padding included) arrived on the connection. */
  received(length: number): WindowResult {
    this.connectionRecvWindow -= length
    return this.connectionRecvWindow < 0 ? 'exceeded' : 'ok'
  }

  /** The same frame, on its stream. */
  receivedOnStream(stream: Http2Stream, length: number): WindowResult {
    stream.recvWindow -= length
    return stream.recvWindow < 0 ? 'exceeded' : 'ok'
  }

  /** The WINDOW_UPDATE increment a stream is owed now (0 for none), already credited. */
  streamUpdate(stream: Http2Stream): number {
    if (this.stalled) return 0
    const initial = this.initialRecvWindow
    const consumed = initial - stream.recvWindow
    if (consumed < Math.min(UPDATE_THRESHOLD, initial >>> 1)) return 0
    stream.recvWindow += consumed
    return consumed
  }

  /** The connection-level WINDOW_UPDATE increment owed after a read (0 for none), already credited. */
  connectionUpdate(): number {
    if (this.stalled || this.bufferedBodyBytes >= MAX_BUFFERED_BODY_BYTES) return 0
    const consumed = DEFAULT_WINDOW - this.connectionRecvWindow
    if (consumed < UPDATE_THRESHOLD) return 0
    this.connectionRecvWindow += consumed
    return consumed
  }

  /** How many body bytes may go out on the stream now, at most `wanted`. */
  sendable(stream: Http2Stream, wanted: number, maxFrameSize: number): number {
    return Math.max(0, Math.min(stream.sendWindow, this.connectionSendWindow, maxFrameSize, wanted))
  }

  spent(stream: Http2Stream, bytes: number): void {
    stream.sendWindow -= bytes
    this.connectionSendWindow -= bytes
  }

  /** WINDOW_UPDATE on stream 0. */
  grantedConnection(increment: number): WindowResult {
    this.connectionSendWindow += increment
    return this.connectionSendWindow > MAX_WINDOW ? 'exceeded' : 'ok'
  }

  /** WINDOW_UPDATE on a stream. */
  grantedStream(stream: Http2Stream, increment: number): WindowResult {
    stream.sendWindow += increment
    return stream.sendWindow > MAX_WINDOW ? 'exceeded' : 'ok'
  }

  get canSend(): boolean {
    return this.connectionSendWindow > 0
  }

  /** The peer changed SETTINGS_INITIAL_WINDOW_SIZE: every open stream's send window moves by the difference (RFC 9113 §6.9.2). */
  peerInitialWindowChanged(value: number, streams: Iterable<Http2Stream>): WindowResult {
    const delta = value - this.peerInitialWindow
    this.peerInitialWindow = value
    for (const stream of streams) {
      stream.sendWindow += delta
      if (stream.sendWindow > MAX_WINDOW) return 'exceeded'
    }
    return 'ok'
  }
}
