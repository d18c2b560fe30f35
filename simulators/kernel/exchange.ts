/**
 * The transport-free shape of one exchange. Adapters (node:http, node:http2,
 * msw) turn traffic into a SimRequest and write back the Outcome a provider
 * core decides; providers never see a socket.
 */
export type ProviderName = 'apns' | 'fcm' | 'webpush'

export type Transport = 'http/1.1' | 'h2' | 'h2c' | 'in-process'

/** What a provider may keep per connection (APNs binds a JWT to one). */
export interface ConnectionInfo {
  readonly id: number
  readonly transport: Transport
  readonly tls: boolean
  /** Provider-owned per-connection state, created lazily. */
  state: Record<string, unknown>
}

export interface SimRequest {
  readonly method: string
  /** Path and query exactly as received. */
  readonly path: string
  /** `:authority` or Host, used for origins (VAPID aud) and environments. */
  readonly authority: string
  readonly scheme: 'http' | 'https'
  /** Lower-case names; repeated headers joined as Node joins them. */
  readonly headers: Readonly<Record<string, string | undefined>>
  /** [name, value, name, value, …] as received, for duplicate detection. */
  readonly rawHeaders: readonly string[]
  readonly body: Buffer
  /** The body was longer than the adapter keeps; `body` holds its first bytes. */
  readonly bodyOverflow: boolean
  /** Full body length in bytes, even when it overflowed. */
  readonly bodyLength: number
  readonly connection: ConnectionInfo
  readonly streamId?: number
}

export interface SimResponse {
  status: number
  headers: Record<string, string>
  body?: string | Buffer
}

/** Extra facts a provider attaches to the ledger entry of an exchange. */
export interface ExchangeNote {
  /** Device token, registration token or subscription id the request addressed. */
  target?: string
  /** Web Push browser flavour, APNs environment, FCM project. */
  flavour?: string
  /** Provider reason or error code of a rejection (`BadDeviceToken`, `UNREGISTERED`, errno …). */
  reason?: string
  /** Keys to decrypt a web push body later, off the hot path. */
  decrypt?: DecryptRef
  /** The bodies carry credentials (an OAuth grant, an access token): the ledger keeps them redacted. */
  credentials?: true
}

export interface DecryptRef {
  encoding: 'aes128gcm' | 'aesgcm'
  subscriptionId: string
  /** Legacy aesgcm carries salt and sender key in headers. */
  salt?: string
  dh?: string
}

/** Changes to the connection that carried the exchange. */
export interface ConnectionEffect {
  /** New SETTINGS_MAX_CONCURRENT_STREAMS for this HTTP/2 connection. (GOAWAY is a Delivery of its own.) */
  maxConcurrentStreams?: number
}

/**
 * A provider's decision. A discriminated union rather than sentinel
 * responses, so adapters can never mistake a fault for an answer.
 */
export type Outcome = {
  kind: 'respond'
  response: SimResponse
  note?: ExchangeNote
  effect?: ConnectionEffect
}

/**
 * What a request addresses, as the core that owns its route reads it (the
 * same flavour and target its ledger note names); undefined where the
 * request names none. Faults match on it before the core answers.
 */
export interface RequestSubject {
  /** Web Push browser, APNs environment, FCM project. */
  readonly flavour: string | undefined
  /** Device token, registration token (or `topic:…`), subscription id; may be a lazy getter (FCM reads the body). */
  readonly target: string | undefined
  /**
   * A credential route (FCM's OAuth `/token`), not a send: faults reach it only when their match names
   * its route, so `fcm:error=UNAVAILABLE` fails sends, not the token a client needs to send at all.
   */
  readonly credentials?: boolean
}

/** Transport-free provider core: decides the answer to one exchange. */
export interface ProviderCore {
  readonly name: ProviderName
  /** Never throws for bad input: every input gets the provider's own answer. */
  handle(request: SimRequest): Outcome | Promise<Outcome>
  /** Names the request's flavour and target without deciding anything; cheap, and never throws. */
  subjectOf(request: SimRequest): RequestSubject
  /** Forget every registration made at run time. */
  reset(): void
}

export const respond = (
  status: number,
  headers: Record<string, string>,
  body?: string | Buffer,
  note?: ExchangeNote,
): Outcome => ({ kind: 'respond', response: body === undefined ? { status, headers } : { status, headers, body }, ...(note ? { note } : {}) })
