/**
 * Per-connection limits on the frame floods of CVE-2019-9512/9515/9518 and
 * CVE-2023-44487, with nghttp2's and node:http2's values where they have
 * them: a peer past one of them gets GOAWAY ENHANCE_YOUR_CALM. A client that
 * does not read its answers is paused as well (session.ts), so what we queue
 * for it stays bounded either way.
 */

/** PINGs and SETTINGS each cost us an ACK: a burst of 1000 (nghttp2's max_outbound_ack), then 100 a second. */
export const CONTROL_BURST = 1000
export const CONTROL_PER_SECOND = 100
/** RST_STREAMs received, and streams refused over the limit: nghttp2's stream reset rate limit, a burst of 1000, then 33 a second. */
export const RESET_BURST = 1000
export const RESETS_PER_SECOND = 33
/** Frames that carry nothing: empty DATA without END_STREAM, empty CONTINUATION (node:http2's maxSessionInvalidFrames). */
export const MAX_EMPTY_FRAMES = 1000

/** A token bucket in performance time. */
class Bucket {
  private tokens: number
  private refilledAt: number

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
    private readonly now: () => number,
  ) {
    this.tokens = burst
    this.refilledAt = now()
  }

  take(): boolean {
    const now = this.now()
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.refilledAt) / 1000) * this.perSecond)
    this.refilledAt = now
    if (this.tokens < 1) return false
    this.tokens -= 1
    return true
  }
}

export class FloodGuard {
  private readonly control: Bucket
  private readonly resets: Bucket
  private emptyFrames = 0

  constructor(now: () => number = () => performance.now()) {
    this.control = new Bucket(CONTROL_BURST, CONTROL_PER_SECOND, now)
    this.resets = new Bucket(RESET_BURST, RESETS_PER_SECOND, now)
  }

  /** A PING or SETTINGS that we must acknowledge; false once the client floods them. */
  ackQueued(): boolean {
    return this.control.take()
  }

  /** A RST_STREAM arrived, or a stream was refused over the limit; false once the client floods them. */
  resetReceived(): boolean {
    return this.resets.take()
  }

  /** A frame without payload or effect arrived; false past the limit. */
  emptyFrame(): boolean {
    return ++this.emptyFrames <= MAX_EMPTY_FRAMES
  }
}
