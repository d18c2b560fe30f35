/**
 * How the server side of one connection misbehaves for its whole life:
 * connection-scoped faults, decided once when the connection is accepted
 * (the fault engine's `connectionFaults`), executed by the adapter.
 */
export interface ConnectionBehaviour {
  /** Hold the accepted socket this long before its TLS handshake or first byte (simulated ms). */
  readonly acceptDelayMs: number
  /** HTTP/2 only; ignored on HTTP/1.1 connections. */
  readonly http2: Http2Behaviour
  /** Ids of the connection faults that took effect; every exchange on the connection names them. */
  readonly faultIds: readonly string[]
}

export interface Http2Behaviour {
  /**
   * Flow-control stall: advertise this SETTINGS_INITIAL_WINDOW_SIZE and never
   * send WINDOW_UPDATE, so the client's DATA stops once its windows are spent.
   */
  readonly stallWindow?: number
  /** Never acknowledge the client's SETTINGS. */
  readonly ignoreSettings?: boolean
  /** Never answer the client's PINGs. */
  readonly ignorePings?: boolean
}

export const NORMAL_CONNECTION: ConnectionBehaviour = Object.freeze({ acceptDelayMs: 0, http2: Object.freeze({}), faultIds: Object.freeze([]) as readonly string[] })
