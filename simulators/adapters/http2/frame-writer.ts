import { FRAME_HEADER_BYTES } from './frames.ts'

const SCRATCH_BYTES = 64 * 1024

/**
 * Collects the frames a session sends during one turn in a scratch buffer
 * and hands them to the socket as one write: one syscall and one TLS record
 * for many answers, which is where a server's time goes at load.
 */
export class FrameWriter {
  private scratch = Buffer.allocUnsafe(SCRATCH_BYTES)
  private used = 0
  private readonly overflow: Buffer[] = []

  get isEmpty(): boolean {
    return this.used === 0 && this.overflow.length === 0
  }

  /** Appends one frame; `payload` may be a slice of a larger buffer. */
  frame(type: number, flags: number, streamId: number, payload?: Uint8Array, start = 0, end = payload?.length ?? 0): void {
    const length = end - start
    const at = this.reserve(FRAME_HEADER_BYTES + length)
    const out = this.scratch
    out[at] = length >>> 16
    out[at + 1] = (length >>> 8) & 0xff
    out[at + 2] = length & 0xff
    out[at + 3] = type
    out[at + 4] = flags
    out.writeUInt32BE(streamId, at + 5)
    if (length > 0) out.set(payload!.subarray(start, end), at + FRAME_HEADER_BYTES)
  }

  /** A frame whose payload is a few 32-bit words (RST_STREAM, WINDOW_UPDATE, GOAWAY's head). */
  words(type: number, flags: number, streamId: number, ...values: number[]): void {
    const payload = Buffer.allocUnsafe(values.length * 4)
    values.forEach((value, index) => payload.writeUInt32BE(value >>> 0, index * 4))
    this.frame(type, flags, streamId, payload)
  }

  /** Everything written since the last take, as one buffer (undefined when nothing was). */
  take(): Buffer | undefined {
    if (this.isEmpty) return undefined
    // Copied out so the scratch can be reused at once; small copies come from Node's pool.
    const tail = Buffer.allocUnsafe(this.used)
    this.scratch.copy(tail, 0, 0, this.used)
    this.used = 0
    if (this.overflow.length === 0) return tail
    const all = Buffer.concat([...this.overflow, tail])
    this.overflow.length = 0
    return all
  }

  private reserve(bytes: number): number {
    if (this.used + bytes > this.scratch.length) {
      if (this.used > 0) this.overflow.push(Buffer.from(this.scratch.subarray(0, this.used)))
      this.used = 0
      if (bytes > this.scratch.length) this.scratch = Buffer.allocUnsafe(bytes)
    }
    const at = this.used
    this.used += bytes
    return at
  }
}
