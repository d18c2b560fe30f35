import type { ConnectionEffect, SimResponse } from './exchange.ts'

/**
 * What an adapter does with one exchange once the provider core and the
 * fault pipeline have decided: a discriminated union the adapters execute
 * without deciding anything themselves.
 */
export type Delivery =
  | {
      kind: 'respond'
      response: SimResponse
      effect?: ConnectionEffect
      /** Wait before sending the status line / HEADERS (already scaled). */
      headersDelayMs?: number
      /** Wait between the headers and the body (already scaled). */
      bodyDelayMs?: number
      /** Send only this many body bytes, then close the connection. */
      closeAfterBytes?: number
    }
  /** Never answer; the client's own timeout must fire. */
  | { kind: 'hang' }
  /** TCP reset of the connection. */
  | { kind: 'reset' }
  /** HTTP/2 RST_STREAM with this error code (on HTTP/1.1: a reset). */
  | { kind: 'rst-stream'; code: number }
  /**
   * HTTP/2 GOAWAY, then close. With `response`, the stream is answered first
   * (it was processed); without, it is refused. On HTTP/1.1: answer (if any)
   * with `connection: close`, then close.
   */
  | { kind: 'goaway'; code: number; lastStreamId?: number; debug?: string; response?: SimResponse }

export type DeliveryKind = Delivery['kind']
