/**
 * A raw HTTP/2 client for conformance tests: frames are built by hand and
 * the server's frames are parsed as they arrive, so a test can send what no
 * real client would and assert the server's exact answer.
 *
 * Requests are HPACK-encoded here, independently of pushsim's own encoder:
 * only "literal header field without indexing, new name" (RFC 7541 §6.2.2),
 * no Huffman, so the server's dynamic table never changes. Answers are
 * decoded with pushsim's HpackDecoder (already tested against node:http2).
 */
import { connect as connectTcp, type Socket } from 'node:net'
import { connect as connectTls } from 'node:tls'
import { HpackDecoder } from '../../simulators/adapters/http2/hpack/index.ts'

export const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1')

// Written out here rather than imported, so the tests do not share the server's constants.
export const T = { DATA: 0x0, HEADERS: 0x1, PRIORITY: 0x2, RST_STREAM: 0x3, SETTINGS: 0x4, PUSH_PROMISE: 0x5, PING: 0x6, GOAWAY: 0x7, WINDOW_UPDATE: 0x8, CONTINUATION: 0x9 } as const
export const F = { END_STREAM: 0x1, ACK: 0x1, END_HEADERS: 0x4, PADDED: 0x8, PRIORITY: 0x20 } as const
export const E = {
  NO_ERROR: 0x0,
  PROTOCOL_ERROR: 0x1,
  INTERNAL_ERROR: 0x2,
  FLOW_CONTROL_ERROR: 0x3,
  STREAM_CLOSED: 0x5,
  FRAME_SIZE_ERROR: 0x6,
  REFUSED_STREAM: 0x7,
  CANCEL: 0x8,
  COMPRESSION_ERROR: 0x9,
  ENHANCE_YOUR_CALM: 0xb,
} as const
export const S = { HEADER_TABLE_SIZE: 0x1, ENABLE_PUSH: 0x2, MAX_CONCURRENT_STREAMS: 0x3, INITIAL_WINDOW_SIZE: 0x4, MAX_FRAME_SIZE: 0x5, MAX_HEADER_LIST_SIZE: 0x6 } as const

const TYPE_NAMES = Object.fromEntries(Object.entries(T).map(([name, type]) => [type, name])) as Record<number, string>

export interface Frame {
  type: number
  flags: number
  streamId: number
  payload: Buffer
}

// ---------------------------------------------------------------- frame builders

/** One frame; `length` overrides the length field (for lying frames). */
export function frame(type: number, flags: number, streamId: number, payload: Uint8Array = Buffer.alloc(0), length = payload.length): Buffer {
  const head = Buffer.alloc(9)
  head.writeUIntBE(length, 0, 3)
  head[3] = type
  head[4] = flags
  head.writeUInt32BE(streamId, 5)
  return Buffer.concat([head, payload])
}

export function settings(pairs: readonly (readonly [id: number, value: number])[] = []): Buffer {
  const payload = Buffer.alloc(pairs.length * 6)
  pairs.forEach(([id, value], i) => {
    payload.writeUInt16BE(id, i * 6)
    payload.writeUInt32BE(value, i * 6 + 2)
  })
  return frame(T.SETTINGS, 0, 0, payload)
}

export const settingsAck = (): Buffer => frame(T.SETTINGS, F.ACK, 0)

export const ping = (data: Buffer, ack = false): Buffer => frame(T.PING, ack ? F.ACK : 0, 0, data)

export function windowUpdate(streamId: number, increment: number): Buffer {
  const payload = Buffer.alloc(4)
  payload.writeUInt32BE(increment >>> 0)
  return frame(T.WINDOW_UPDATE, 0, streamId, payload)
}

export function rstStream(streamId: number, code: number): Buffer {
  const payload = Buffer.alloc(4)
  payload.writeUInt32BE(code)
  return frame(T.RST_STREAM, 0, streamId, payload)
}

export function goaway(lastStreamId: number, code: number): Buffer {
  const payload = Buffer.alloc(8)
  payload.writeUInt32BE(lastStreamId)
  payload.writeUInt32BE(code, 4)
  return frame(T.GOAWAY, 0, 0, payload)
}

export interface HeadersOptions {
  endStream?: boolean
  /** false: no END_HEADERS (CONTINUATION frames follow). */
  endHeaders?: boolean
  /** PADDED with this many padding octets. */
  padding?: number
  /** PRIORITY flag with this stream dependency and weight. */
  priority?: { dependsOn: number; weight: number }
}

export function headers(streamId: number, block: Buffer, options: HeadersOptions = {}): Buffer {
  let flags = (options.endStream ? F.END_STREAM : 0) | (options.endHeaders === false ? 0 : F.END_HEADERS)
  const parts: Buffer[] = []
  if (options.padding !== undefined) {
    flags |= F.PADDED
    parts.push(Buffer.from([options.padding]))
  }
  if (options.priority) {
    flags |= F.PRIORITY
    const priority = Buffer.alloc(5)
    priority.writeUInt32BE(options.priority.dependsOn)
    priority[4] = options.priority.weight
    parts.push(priority)
  }
  parts.push(block)
  if (options.padding !== undefined) parts.push(Buffer.alloc(options.padding))
  return frame(T.HEADERS, flags, streamId, Buffer.concat(parts))
}

export const continuation = (streamId: number, fragment: Buffer, endHeaders: boolean): Buffer => frame(T.CONTINUATION, endHeaders ? F.END_HEADERS : 0, streamId, fragment)

export function data(streamId: number, body: Buffer | string, options: { endStream?: boolean; padding?: number } = {}): Buffer {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body
  const flags = (options.endStream ? F.END_STREAM : 0) | (options.padding !== undefined ? F.PADDED : 0)
  const payload = options.padding === undefined ? bytes : Buffer.concat([Buffer.from([options.padding]), bytes, Buffer.alloc(options.padding)])
  return frame(T.DATA, flags, streamId, payload)
}

// ---------------------------------------------------------------- HPACK, requests only

/** RFC 7541 §5.1 integer with an N-bit prefix; `high` holds the bits above the prefix. */
function hpackInteger(value: number, prefixBits: number, high = 0): Buffer {
  const max = (1 << prefixBits) - 1
  if (value < max) return Buffer.from([high | value])
  const bytes = [high | max]
  let rest = value - max
  while (rest >= 128) {
    bytes.push((rest % 128) + 128)
    rest = Math.floor(rest / 128)
  }
  bytes.push(rest)
  return Buffer.from(bytes)
}

/** RFC 7541 §5.2 string literal, no Huffman (H = 0). */
function hpackString(text: string): Buffer {
  const bytes = Buffer.from(text, 'latin1')
  return Buffer.concat([hpackInteger(bytes.length, 7), bytes])
}

/** A header block of literal fields without indexing, with literal names (RFC 7541 §6.2.2, first byte 0x00). */
export function encodeRequest(fields: readonly (readonly [name: string, value: string])[]): Buffer {
  return Buffer.concat(fields.flatMap(([name, value]) => [Buffer.from([0x00]), hpackString(name), hpackString(value)]))
}

// ---------------------------------------------------------------- reading frames

export function settingsOf(f: Frame): Map<number, number> {
  const values = new Map<number, number>()
  for (let at = 0; at + 6 <= f.payload.length; at += 6) values.set(f.payload.readUInt16BE(at), f.payload.readUInt32BE(at + 2))
  return values
}

/** The error code of an RST_STREAM or GOAWAY frame. */
export const errorCodeOf = (f: Frame): number => (f.type === T.GOAWAY ? f.payload.readUInt32BE(4) : f.payload.readUInt32BE(0))

export const goawayOf = (f: Frame) => ({
  lastStreamId: f.payload.readUInt32BE(0) & 0x7fffffff,
  code: f.payload.readUInt32BE(4),
  debug: f.payload.subarray(8).toString('utf8'),
})

export const describeFrame = (f: Frame): string => {
  const type = TYPE_NAMES[f.type] ?? `0x${f.type.toString(16)}`
  const code = (f.type === T.RST_STREAM || f.type === T.GOAWAY) && f.payload.length >= 4 ? ` code=${errorCodeOf(f)}` : ''
  return `${type}(stream=${f.streamId}, flags=0x${f.flags.toString(16)}, length=${f.payload.length}${code})`
}

export interface Answer {
  headers: Record<string, string>
  /** Every header field of the answer's HEADERS, in order. */
  fields: [string, string][]
  body: Buffer
  /** DATA frames of the stream, in order. */
  dataFrames: Frame[]
}

export interface ConnectOptions {
  /** Send the client preface and an empty SETTINGS at once (default true). */
  preface?: boolean
  /** Settings for the opening SETTINGS frame. */
  settings?: readonly (readonly [number, number])[]
  /** Connect with TLS and ALPN h2, trusting this CA. */
  tls?: { ca: string }
}

type Waiter = { predicate: (f: Frame) => boolean; from: number; resolve: (f: Frame) => void }

/** One raw HTTP/2 connection and every frame the server sent on it. */
export class RawH2 {
  readonly frames: Frame[] = []
  /** Header fields decoded from each HEADERS(+CONTINUATION) block, by the index of its HEADERS frame. */
  readonly headerBlocks = new Map<number, [string, string][]>()
  isClosed = false
  readonly closed: Promise<void>
  private buffered: Buffer = Buffer.alloc(0)
  private waiters = new Set<Waiter>()
  private readonly decoder = new HpackDecoder(4096)
  private block: { index: number; fragments: Buffer[] } | undefined
  private pingCounter = 0

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk))
    socket.on('error', () => {})
    this.closed = new Promise((resolve) => socket.once('close', () => {
      this.isClosed = true
      resolve()
    }))
  }

  static async connect(port: number, options: ConnectOptions = {}): Promise<RawH2> {
    const socket = options.tls
      ? connectTls({ port, host: '127.0.0.1', ca: options.tls.ca, ALPNProtocols: ['h2'], servername: 'localhost' })
      : connectTcp(port, '127.0.0.1')
    socket.setNoDelay(true)
    await new Promise<void>((resolve, reject) => {
      socket.once(options.tls ? 'secureConnect' : 'connect', () => resolve())
      socket.once('error', reject)
    })
    const h2 = new RawH2(socket)
    if (options.preface !== false) h2.send(PREFACE, settings(options.settings))
    return h2
  }

  send(...chunks: Buffer[]): void {
    if (!this.socket.destroyed) this.socket.write(Buffer.concat(chunks))
  }

  /** The first frame (at index `from` or later) that matches, waiting up to `timeoutMs` for it. */
  waitFor(predicate: (f: Frame) => boolean, timeoutMs = 3_000, from = 0): Promise<Frame> {
    const found = this.frames.slice(from).find(predicate)
    if (found) return Promise.resolve(found)
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter)
        reject(new Error(`no matching frame within ${timeoutMs} ms; received: ${this.frames.map(describeFrame).join(', ') || 'nothing'}${this.isClosed ? ' (connection closed)' : ''}`))
      }, timeoutMs)
      const waiter: Waiter = {
        predicate,
        from,
        resolve: (f) => {
          clearTimeout(timer)
          this.waiters.delete(waiter)
          resolve(f)
        },
      }
      this.waiters.add(waiter)
    })
  }

  /** Resolves once the server closed the connection; rejects after `timeoutMs`. */
  async waitClosed(timeoutMs = 3_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`the connection was not closed within ${timeoutMs} ms`)), timeoutMs)))
    try {
      await Promise.race([this.closed, timeout])
    } finally {
      clearTimeout(timer)
    }
  }

  /**
   * A round trip: PING with fresh data, then wait for its ACK. The server
   * handles frames in order, so whatever it sends for the frames written
   * before the PING has arrived once this resolves.
   */
  async sync(timeoutMs = 3_000): Promise<void> {
    const payload = Buffer.alloc(8)
    payload.writeUInt32BE(0x5359_4e43) // "SYNC"
    payload.writeUInt32BE(++this.pingCounter, 4)
    const from = this.frames.length
    this.send(ping(payload))
    await this.waitFor((f) => f.type === T.PING && (f.flags & F.ACK) !== 0 && f.payload.equals(payload), timeoutMs, from)
  }

  /** GOAWAY, checked, then the server must close. */
  async expectGoaway(code: number, lastStreamId: number, timeoutMs = 3_000): Promise<void> {
    const f = await this.waitFor((x) => x.type === T.GOAWAY, timeoutMs)
    const goaway = goawayOf(f)
    if (goaway.code !== code || goaway.lastStreamId !== lastStreamId) {
      throw new Error(`expected GOAWAY(code=${code}, lastStreamId=${lastStreamId}), got GOAWAY(code=${goaway.code}, lastStreamId=${goaway.lastStreamId}, debug=${JSON.stringify(goaway.debug)})`)
    }
    await this.waitClosed(timeoutMs)
  }

  /** The RST_STREAM of this stream, checked. */
  async expectReset(streamId: number, code: number, timeoutMs = 3_000): Promise<void> {
    const f = await this.waitFor((x) => x.type === T.RST_STREAM && x.streamId === streamId, timeoutMs)
    const got = errorCodeOf(f)
    if (got !== code) throw new Error(`expected RST_STREAM(${streamId}, code=${code}), got code=${got}`)
  }

  /** Frames of one stream received so far. */
  framesOf(streamId: number, type?: number): Frame[] {
    return this.frames.filter((f) => f.streamId === streamId && (type === undefined || f.type === type))
  }

  /** The answer on a stream, once it ended (END_STREAM); rejects on RST_STREAM or timeout. */
  async answer(streamId: number, timeoutMs = 3_000): Promise<Answer> {
    const last = await this.waitFor((f) => f.streamId === streamId && (f.type === T.RST_STREAM || ((f.type === T.HEADERS || f.type === T.DATA) && (f.flags & F.END_STREAM) !== 0)), timeoutMs)
    if (last.type === T.RST_STREAM) throw new Error(`stream ${streamId} was reset with code ${errorCodeOf(last)}`)
    return this.answerSoFar(streamId)
  }

  /** What the stream received until now. */
  answerSoFar(streamId: number): Answer {
    const first = this.frames.findIndex((f) => f.streamId === streamId && f.type === T.HEADERS)
    const fields = this.headerBlocks.get(first) ?? []
    const dataFrames = this.framesOf(streamId, T.DATA)
    return {
      headers: Object.fromEntries(fields),
      fields,
      body: Buffer.concat(dataFrames.map((f) => dataPayload(f))),
      dataFrames,
    }
  }

  destroy(): void {
    this.socket.destroy()
  }

  private receive(chunk: Buffer): void {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk])
    while (this.buffered.length >= 9) {
      const length = this.buffered.readUIntBE(0, 3)
      if (this.buffered.length < 9 + length) break
      const f: Frame = {
        type: this.buffered[3]!,
        flags: this.buffered[4]!,
        streamId: this.buffered.readUInt32BE(5) & 0x7fffffff,
        payload: Buffer.from(this.buffered.subarray(9, 9 + length)),
      }
      this.buffered = this.buffered.subarray(9 + length)
      this.frames.push(f)
      this.decodeHeaders(f, this.frames.length - 1)
      const index = this.frames.length - 1
      for (const waiter of [...this.waiters]) if (index >= waiter.from && waiter.predicate(f)) waiter.resolve(f)
    }
  }

  private decodeHeaders(f: Frame, index: number): void {
    if (f.type === T.HEADERS) {
      let from = 0
      let to = f.payload.length
      if (f.flags & F.PADDED) to -= f.payload[from++]!
      if (f.flags & F.PRIORITY) from += 5
      this.block = { index, fragments: [f.payload.subarray(from, to)] }
    } else if (f.type === T.CONTINUATION && this.block) this.block.fragments.push(f.payload)
    else return
    if (!(f.flags & F.END_HEADERS)) return
    const block = Buffer.concat(this.block.fragments)
    const decoded = this.decoder.decode(block, 0, block.length)
    if ('error' in decoded) throw new Error(`the server sent an undecodable header block: ${decoded.message}`)
    const fields: [string, string][] = []
    for (let i = 0; i < decoded.fields.length; i += 2) fields.push([decoded.fields[i]!, decoded.fields[i + 1]!])
    this.headerBlocks.set(this.block.index, fields)
    this.block = undefined
  }
}

/** A DATA frame's payload without its padding. */
export function dataPayload(f: Frame): Buffer {
  if (!(f.flags & F.PADDED)) return f.payload
  const padding = f.payload[0]!
  return f.payload.subarray(1, f.payload.length - padding)
}
