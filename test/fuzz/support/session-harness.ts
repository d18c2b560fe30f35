/**
 * Drives pushsim's Http2Session in-process for the fuzz tests: a Duplex
 * whose readable side is what the test feeds (the client's bytes) and whose
 * writable side records what the session writes. A `reading: false` wire
 * is a client that does not read: writes stay queued, so backpressure and
 * the ACK flood limit come into play.
 */
import { Duplex } from 'node:stream'
import { Http2Session, type Http2Request } from '../../../simulators/adapters/http2/session.ts'
import type { LocalSettings } from '../../../simulators/adapters/http2/session.ts'
import type { Http2Stream, StreamEnd } from '../../../simulators/adapters/http2/stream.ts'

export class Wire extends Duplex {
  /** Every byte the session wrote, in order. */
  readonly out: Buffer[] = []
  private readonly held: (() => void)[] = []

  constructor(private readonly reading = true) {
    super({ allowHalfOpen: true })
  }

  override _read(): void {}

  override write(chunk: unknown, encoding?: unknown, callback?: unknown): boolean {
    this.out.push(Buffer.from(chunk as Uint8Array))
    return super.write(chunk, encoding as BufferEncoding, callback as () => void)
  }

  override _write(_chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.reading) callback()
    else this.held.push(callback)
  }

  get output(): Buffer {
    return Buffer.concat(this.out)
  }
}

/** What a server does with a complete request, in the onStream callback (so within the read, as the adapter's sync answers are). */
export type ServerAction = 'respond' | 'respond-large' | 'reset' | 'nothing' | 'headers-then-write' | 'graceful-goaway' | 'fewer-streams'

export interface Harness {
  readonly wire: Wire
  readonly session: Http2Session
  readonly settings: LocalSettings
  readonly maxBodyBytes: number
  /** Streams handed to onStream, in order, with how each closed (every close recorded, to catch a second one). */
  readonly streams: { stream: Http2Stream; closes: StreamEnd[] }[]
  readonly requests: { streamId: number; request: Http2Request }[]
  readonly unprocessed: { streamId: number; why: string }[]
  /** Every byte fed, in order. */
  readonly fed: Buffer[]
  /** Streams opened and closes seen, counted even when `retain` is off. */
  readonly counts: { opened: number; closes: number; delivered: number }
  /** Feeds client bytes as one read, as the socket would. */
  feed(chunk: Buffer): void
  /** The client goes: FIN, then the socket closes. */
  leave(): void
  /** Private state, for the invariants (undefined where the session has no such field). */
  internals(): { open: number; remembered: number | undefined; buffered: number | undefined; pending: number }
}

/** `retain: false` keeps counts only (no streams, requests or input), for memory measurements. */
export function startSession(options: { settings?: Partial<LocalSettings>; maxBodyBytes?: number; reading?: boolean; actions?: readonly ServerAction[]; retain?: boolean } = {}): Harness {
  const retain = options.retain ?? true
  const fed: Buffer[] = []
  const counts = { opened: 0, closes: 0, delivered: 0 }
  const settings: LocalSettings = { headerTableSize: 4096, maxConcurrentStreams: 8, initialWindowSize: 65_535, maxFrameSize: 16_384, maxHeaderListSize: 8000, ...options.settings }
  const maxBodyBytes = options.maxBodyBytes ?? 4096
  const actions = options.actions ?? ['respond']
  const wire = new Wire(options.reading ?? true)
  const streams: Harness['streams'] = []
  const requests: Harness['requests'] = []
  const unprocessed: Harness['unprocessed'] = []
  let served = 0
  const session: Http2Session = new Http2Session(wire, {
    settings: { ...settings },
    maxBodyBytes,
    onStream(stream) {
      const entry = { stream, closes: [] as StreamEnd[] }
      counts.opened++
      if (retain) streams.push(entry)
      stream.onClose = (end) => {
        counts.closes++
        if (retain) entry.closes.push(end)
      }
      return (request) => {
        counts.delivered++
        if (retain) requests.push({ streamId: stream.id, request })
        const action = actions[served++ % actions.length]!
        const headers = { 'apns-id': '00000000-0000-0000-0000-000000000000', 'content-type': 'application/json' }
        if (action === 'respond') session.respond(stream, 200, headers, Buffer.from('{"ok":true}'))
        else if (action === 'respond-large') session.respond(stream, 200, headers, Buffer.alloc(100_000, 0x7a))
        else if (action === 'reset') session.resetStream(stream, 0x8)
        else if (action === 'headers-then-write') {
          session.respond(stream, 400, headers, undefined, false)
          session.write(stream, Buffer.from('{"reason":"BadDeviceToken"}'), true)
        } else if (action === 'graceful-goaway') {
          session.respond(stream, 200, headers)
          session.goaway(0, stream.id, Buffer.from('{"reason":"Shutdown"}'), true)
        } else if (action === 'fewer-streams') {
          session.respond(stream, 200, headers)
          session.setMaxConcurrentStreams(Math.max(1, settings.maxConcurrentStreams >> 1))
        }
      }
    },
    onUnprocessed(_head, streamId, why) {
      if (retain) unprocessed.push({ streamId, why })
    },
  })
  const priv = session as unknown as {
    streams?: Map<number, unknown>
    resetByUs?: Set<number>
    flow?: { bufferedBodyBytes?: number }
    pending?: Buffer
  }
  return {
    wire,
    session,
    settings,
    maxBodyBytes,
    streams,
    requests,
    unprocessed,
    fed,
    counts,
    feed(chunk) {
      if (retain) fed.push(chunk)
      wire.emit('data', chunk)
    },
    leave() {
      wire.emit('end')
      wire.emit('close')
    },
    internals: () => ({
      open: priv.streams?.size ?? 0,
      remembered: priv.resetByUs?.size,
      buffered: priv.flow?.bufferedBodyBytes,
      pending: priv.pending?.length ?? 0,
    }),
  }
}
