/** A served connection, as its listener sees it: on close, what it still owes is settled before the socket goes. */
export interface LiveConnection {
  /** The simulators stop: settle every open exchange (hung, or unanswered) and destroy the socket. */
  shutdown(): void
}
