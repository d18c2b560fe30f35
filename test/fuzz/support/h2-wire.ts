/**
 * HTTP/2 framing for the session fuzz tests (RFC 9113 §4.1, §6), written
 * apart from the session's own frames.ts and frame-writer.ts: a frame
 * builder for the client side and a strict reader for what the server sent.
 */

export const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1')

export const T = { DATA: 0, HEADERS: 1, PRIORITY: 2, RST_STREAM: 3, SETTINGS: 4, PUSH_PROMISE: 5, PING: 6, GOAWAY: 7, WINDOW_UPDATE: 8, CONTINUATION: 9 } as const
export const F = { END_STREAM: 0x1, ACK: 0x1, END_HEADERS: 0x4, PADDED: 0x8, PRIORITY: 0x20 } as const
export const S = { HEADER_TABLE_SIZE: 1, ENABLE_PUSH: 2, MAX_CONCURRENT_STREAMS: 3, INITIAL_WINDOW_SIZE: 4, MAX_FRAME_SIZE: 5, MAX_HEADER_LIST_SIZE: 6 } as const
/** RFC 9113 §7: NO_ERROR (0x0) … HTTP_1_1_REQUIRED (0xd). */
export const MAX_ERROR_CODE = 0xd
export const ENHANCE_YOUR_CALM = 0xb

export function frame(type: number, flags: number, streamId: number, payload: Uint8Array = Buffer.alloc(0)): Buffer {
  const out = Buffer.allocUnsafe(9 + payload.length)
  out.writeUIntBE(payload.length, 0, 3)
  out[3] = type
  out[4] = flags
  out.writeUInt32BE(streamId >>> 0, 5)
  out.set(payload, 9)
  return out
}

export const u32 = (...values: number[]): Buffer => {
  const out = Buffer.allocUnsafe(values.length * 4)
  values.forEach((value, i) => out.writeUInt32BE(value >>> 0, i * 4))
  return out
}

export const settingsPayload = (entries: readonly (readonly [number, number])[]): Buffer => {
  const out = Buffer.allocUnsafe(entries.length * 6)
  entries.forEach(([id, value], i) => {
    out.writeUInt16BE(id & 0xffff, i * 6)
    out.writeUInt32BE(value >>> 0, i * 6 + 2)
  })
  return out
}

export interface ReadFrame {
  readonly type: number
  readonly flags: number
  readonly streamId: number
  /** The reserved bit of the stream id, which a sender must leave unset. */
  readonly reserved: boolean
  readonly payload: Buffer
}

/** Splits bytes into whole frames; `rest` is a trailing partial frame (an error for a finished stream of output). */
export function readFrames(bytes: Buffer): { frames: ReadFrame[]; rest: Buffer } {
  const frames: ReadFrame[] = []
  let at = 0
  while (bytes.length - at >= 9) {
    const length = bytes.readUIntBE(at, 3)
    if (bytes.length - at < 9 + length) break
    const raw = bytes.readUInt32BE(at + 5)
    frames.push({ type: bytes[at + 3]!, flags: bytes[at + 4]!, streamId: raw & 0x7fffffff, reserved: raw >>> 31 === 1, payload: bytes.subarray(at + 9, at + 9 + length) })
    at += 9 + length
  }
  return { frames, rest: bytes.subarray(at) }
}
