import type { Departure } from '../../kernel/wire-outcome.ts'
import type { RequestHead } from './request-head.ts'
import type { Http2Request } from './session.ts'

/** Why a stream closed, as the session saw it; the adapter turns it into the exchange's wire outcome. */
export type StreamEnd =
  /** Our END_STREAM went out: the answer is complete. */
  | { kind: 'ended' }
  /** We sent RST_STREAM with this code (a fault, a refusal, a stream error). */
  | { kind: 'reset'; code: number }
  /** The stream was above the last-stream-id of our GOAWAY: not processed. */
  | { kind: 'dropped' }
  /** The client left first: its RST_STREAM (with its code), FIN, TCP reset or GOAWAY. */
  | { kind: 'client'; by: Departure; code?: number }
  /** Our side ended the connection (a reset or cut fault, a connection error) before the stream ended. */
  | { kind: 'connection-lost' }
  /** The simulators stopped. */
  | { kind: 'shutdown' }

/** One request stream of an Http2Session: its state, windows, bounded body, and what of its answer went out. */
export class Http2Stream {
  remoteEnded = false
  localEnded = false
  isClosed = false
  /** What the client may still send us, and we it (RFC 9113 §6.9). */
  recvWindow: number
  sendWindow: number
  /** Body bytes waiting for the peer's window. */
  blocked: { data: Buffer; endStream: boolean } | undefined
  /** Set by the session when the stream opens; called once the client ends it. */
  onRequest: ((request: Http2Request) => void) | undefined
  /** Set by the adapter; called once when the stream closes, however it does. */
  onClose: ((end: StreamEnd) => void) | undefined
  bodyLength = 0
  /** The answer's status once its HEADERS went out (0 before), and the DATA bytes framed since. */
  status = 0
  bytesSent = 0
  private chunks: Buffer[] | undefined
  /** Body bytes kept (at most the session's maxBodyBytes). */
  kept = 0
  /** The kept bytes stopped counting against the connection's buffer (handed over, or the stream closed). */
  bodyReleased = false

  constructor(
    readonly id: number,
    readonly head: RequestHead,
    recvWindow: number,
    sendWindow: number,
    private readonly isConnectionAlive: () => boolean,
  ) {
    this.recvWindow = recvWindow
    this.sendWindow = sendWindow
  }

  /** Still answerable: not reset, not finished, its connection alive. */
  get isWritable(): boolean {
    return !this.isClosed && !this.localEnded && this.isConnectionAlive()
  }

  /** Keeps up to `maxBytes` of the body and counts the rest, so a huge body is drained, not buffered; returns the bytes kept. */
  receive(data: Buffer, maxBytes: number): number {
    this.bodyLength += data.length
    const room = maxBytes - this.kept
    if (room <= 0 || data.length === 0) return 0
    // Copied, so a small body does not pin the whole read chunk it arrived in.
    const piece = Buffer.from(data.length <= room ? data : data.subarray(0, room))
    ;(this.chunks ??= []).push(piece)
    this.kept += piece.length
    return piece.length
  }

  /** The body so far: the complete request once the client ended the stream, or what arrived of an abandoned one. */
  request(): Http2Request {
    const chunks = this.chunks
    const body = chunks === undefined ? EMPTY : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, this.kept)
    this.chunks = undefined
    return { head: this.head, body, bodyLength: this.bodyLength, bodyOverflow: this.kept < this.bodyLength }
  }
}

const EMPTY = Buffer.alloc(0)
