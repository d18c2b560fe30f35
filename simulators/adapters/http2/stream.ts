import type { RequestHead } from './request-head.ts'
import type { Http2Request, Http2Session } from './session.ts'

/** One request stream of an Http2Session: its state, windows and bounded body. */
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
  bodyLength = 0
  private chunks: Buffer[] | undefined
  private kept = 0

  constructor(
    readonly id: number,
    readonly session: Http2Session,
    readonly head: RequestHead,
    recvWindow: number,
    sendWindow: number,
  ) {
    this.recvWindow = recvWindow
    this.sendWindow = sendWindow
  }

  /** Still answerable: not reset, not finished, its connection alive. */
  get isWritable(): boolean {
    return !this.isClosed && !this.localEnded && !this.session.isDestroyed
  }

  /** Keeps up to `maxBytes` of the body and counts the rest, so a huge body is drained, not buffered. */
  receive(data: Buffer, maxBytes: number): void {
    this.bodyLength += data.length
    const room = maxBytes - this.kept
    if (room <= 0 || data.length === 0) return
    // Copied, so a small body does not pin the whole read chunk it arrived in.
    const piece = Buffer.from(data.length <= room ? data : data.subarray(0, room))
    ;(this.chunks ??= []).push(piece)
    this.kept += piece.length
  }

  request(): Http2Request {
    const chunks = this.chunks
    const body = chunks === undefined ? EMPTY : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, this.kept)
    this.chunks = undefined
    return { head: this.head, body, bodyLength: this.bodyLength, bodyOverflow: this.kept < this.bodyLength }
  }
}

const EMPTY = Buffer.alloc(0)
