import { ErrorCode, Flag, FRAME_HEADER_BYTES, MAX_WINDOW } from './frames.ts'

// A header block split over CONTINUATION frames is bounded: a CONTINUATION flood must not grow memory.
export const MAX_HEADER_BLOCK_BYTES = 64 * 1024

/** A complete header block: its stream, the HEADERS flags, and where its bytes are. */
export interface HeaderBlockFrame {
  streamId: number
  flags: number
  data: Buffer
  start: number
  end: number
  /** The PRIORITY field named the stream itself (RFC 9113 §5.3.1). */
  selfDependent: boolean
}

export type AssemblyResult = HeaderBlockFrame | 'continued' | { code: number; reason: string }

/**
 * Assembles header blocks from HEADERS and CONTINUATION frames (RFC 9113
 * §6.2, §6.10): strips padding and priority, and holds a block split over
 * frames until END_HEADERS, within MAX_HEADER_BLOCK_BYTES.
 */
export class HeaderBlockAssembler {
  private continuation: { streamId: number; flags: number; selfDependent: boolean; fragments: Buffer[]; bytes: number } | undefined

  /** The stream whose block is being continued: any other frame in between is a connection error. */
  get continuing(): number | undefined {
    return this.continuation?.streamId
  }

  headers(flags: number, streamId: number, data: Buffer, start: number, end: number): AssemblyResult {
    let from = start
    let to = end
    if (flags & Flag.PADDED) {
      if (to - from < 1) return { code: ErrorCode.FRAME_SIZE_ERROR, reason: 'HEADERS too short for its padding' }
      const padding = data[from++]!
      if (padding > to - from) return { code: ErrorCode.PROTOCOL_ERROR, reason: 'padding longer than the frame' }
      to -= padding
    }
    let selfDependent = false
    if (flags & Flag.PRIORITY) {
      if (to - from < 5) return { code: ErrorCode.FRAME_SIZE_ERROR, reason: 'HEADERS too short for its priority' }
      selfDependent = (data.readUInt32BE(from) & MAX_WINDOW) === streamId
      from += 5
    }
    if (!(flags & Flag.END_HEADERS)) {
      this.continuation = { streamId, flags, selfDependent, fragments: [Buffer.from(data.subarray(from, to))], bytes: to - from }
      return 'continued'
    }
    return { streamId, flags, data, start: from, end: to, selfDependent }
  }

  continued(flags: number, streamId: number, data: Buffer, start: number, end: number): AssemblyResult {
    const continued = this.continuation
    if (!continued) return { code: ErrorCode.PROTOCOL_ERROR, reason: 'CONTINUATION without HEADERS' }
    // Frame headers count too: a flood of empty CONTINUATIONs adds no block bytes, yet costs a frame each.
    continued.bytes += FRAME_HEADER_BYTES + end - start
    if (continued.bytes > MAX_HEADER_BLOCK_BYTES) return { code: ErrorCode.ENHANCE_YOUR_CALM, reason: 'header block too large' }
    if (end > start) continued.fragments.push(Buffer.from(data.subarray(start, end)))
    if (!(flags & Flag.END_HEADERS)) return 'continued'
    this.continuation = undefined
    const block = Buffer.concat(continued.fragments)
    return { streamId, flags: continued.flags, data: block, start: 0, end: block.length, selfDependent: continued.selfDependent }
  }
}
