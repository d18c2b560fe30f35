import type { ConnectionEffect, SimResponse } from './exchange.ts'

/** How an answer ends early, after `afterBytes` bytes of its body. */
export type Cut =
  /** The connection is dropped mid-answer. */
  | { afterBytes: number; by: 'close' }
  /** HTTP/2: RST_STREAM with `code` after part of the answer (HTTP/1.1: a TCP reset). */
  | { afterBytes: number; by: 'rst-stream'; code: number }
  /** Nothing more is ever sent and the answer never ends (HTTP/2: no END_STREAM). */
  | { afterBytes: number; by: 'stall' }

/** An answer and how it reaches the wire: delayed, dribbled, cut. */
export interface Respond {
  kind: 'respond'
  response: SimResponse
  effect?: ConnectionEffect
  /** Wait between the headers and the body (simulated ms). */
  bodyDelayMs?: number
  /** Write the body at this many bytes per simulated second instead of at once. */
  bytesPerSecond?: number
  cut?: Cut
}

/**
 * What an adapter does with one exchange once the provider core and the
 * fault pipeline have decided: a discriminated union the adapters execute
 * without deciding anything themselves. What actually reached the client is
 * the adapter's to say (`WireOutcome`).
 */
export type Delivery =
  | Respond
  /** Never answer; the client's own timeout must fire. */
  | { kind: 'hang' }
  /** TCP reset of the connection. */
  | { kind: 'reset' }
  /** HTTP/2 RST_STREAM with this error code (on HTTP/1.1: a TCP reset). */
  | { kind: 'rst-stream'; code: number }
  /** HTTP/2 RST_STREAM REFUSED_STREAM: not processed, safe to retry (on HTTP/1.1: close without an answer). */
  | { kind: 'refuse' }
  /**
   * HTTP/2 GOAWAY, then close once the streams it covers are done. With
   * `response`, the stream is answered first (it was processed); without, or
   * when the stream is above `lastStreamId`, it is dropped unanswered.
   * `graceful`: RFC 9113 §6.8's two phases, a GOAWAY with the largest stream
   * id and a PING, then the final GOAWAY once the PING is acknowledged.
   * On HTTP/1.1: answer (if any) with `connection: close`, then close.
   */
  | { kind: 'goaway'; code: number; lastStreamId?: number; debug?: string; response?: SimResponse; graceful?: boolean }

export type DeliveryKind = Delivery['kind']

/** The delivery kinds in a fixed order (ledger filters, typed arrays). */
export const DELIVERY_KINDS: readonly DeliveryKind[] = ['respond', 'hang', 'reset', 'rst-stream', 'refuse', 'goaway']
