/**
 * What reached the client of one exchange, as the adapter that owns the
 * socket saw it: the ground truth the ledger records, as opposed to what the
 * fault pipeline decided (`Delivery`). The oracle measures timeouts and
 * retries from these.
 */
export type WireOutcomeKind =
  /** The whole answer was written. */
  | 'answered'
  /** Part of the answer was written, then the server cut it (close, RST_STREAM) or stalled it for good. */
  | 'cut'
  /** HTTP/2 REFUSED_STREAM (over the stream limit, or a fault); on HTTP/1.1 the connection closed unanswered. Never processed. */
  | 'refused'
  /** The stream was above the last-stream-id of a GOAWAY: never processed, never answered. */
  | 'dropped'
  /** The server reset the TCP connection. */
  | 'reset'
  /** The server reset the stream (RST_STREAM with `code`). */
  | 'rst-stream'
  /** The client gave up before the answer was complete (`by`, and the client's `code`). */
  | 'abandoned'
  /** The server side ended the connection first (a fault on an earlier exchange), so this answer was never written. */
  | 'unanswered'
  /** Still owed when the simulators stopped. */
  | 'hung'

/** How a client left an exchange it gave up on. */
export type Departure =
  /** HTTP/2 RST_STREAM on the stream (`code` is the client's). */
  | 'rst-stream'
  /** The client closed its side of the connection (FIN, or TLS close_notify). */
  | 'fin'
  /** The connection was reset (ECONNRESET). */
  | 'tcp-reset'
  /** HTTP/2 GOAWAY from the client that does not cover the stream. */
  | 'goaway'

export interface WireOutcome {
  readonly kind: WireOutcomeKind
  /** The status whose head reached the client; 0 when none did. */
  readonly status: number
  /** Body bytes written to the client. */
  readonly bytes: number
  /** abandoned: how the client left. */
  readonly by?: Departure
  /** The HTTP/2 error code involved: ours for refused, rst-stream and cut, the client's for abandoned. */
  readonly code?: number
}

const frozen = (outcome: WireOutcome): WireOutcome => Object.freeze(outcome)

/** Outcomes without a head written, shared (the hot path allocates none). */
export const NOTHING_WRITTEN = {
  hung: frozen({ kind: 'hung', status: 0, bytes: 0 }),
  reset: frozen({ kind: 'reset', status: 0, bytes: 0 }),
  unanswered: frozen({ kind: 'unanswered', status: 0, bytes: 0 }),
  dropped: frozen({ kind: 'dropped', status: 0, bytes: 0 }),
} as const
