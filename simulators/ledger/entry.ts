import { isUtf8 } from 'node:buffer'
import type { DeliveryKind } from '../kernel/delivery.ts'
import type { DecryptRef, ExchangeNote, ProviderName, SimRequest, SimResponse, Transport } from '../kernel/exchange.ts'
import type { Departure, WireOutcome, WireOutcomeKind } from '../kernel/wire-outcome.ts'

/** The version of the ledger line format (docs/ledger.schema.json); bumped on any incompatible change. */
export const LEDGER_SCHEMA_VERSION = 1

/** What the fault pipeline decided, or `none` for a request that never reached the provider (refused by the adapter, abandoned mid-body). */
export type RecordedKind = DeliveryKind | 'none'

/**
 * One exchange as the ledger receives it, flat: the raw header list rather
 * than Node's header object, no request wrapper. It lives only until it is
 * serialized into its NDJSON line (redaction and body encoding happen there);
 * the ring keeps that line (record-ring.ts).
 */
export interface LedgerRecord {
  readonly seq: number
  readonly provider: ProviderName
  readonly method: string
  readonly path: string
  readonly authority: string
  readonly scheme: string
  /** [name, value, …] as received. */
  readonly rawHeaders: readonly string[]
  readonly body: Buffer
  readonly bodyLength: number
  readonly connectionId: number
  readonly transport: Transport
  readonly streamId: number | undefined
  /** What was decided: an answer, or a fault's hang, reset, RST_STREAM, refusal or GOAWAY. */
  readonly delivery: RecordedKind
  /** The status whose head reached the client (0 when none did). */
  readonly status: number
  readonly responseHeaders: Readonly<Record<string, string>>
  readonly responseBody: string | Buffer | undefined
  readonly startedAt: number
  /** From the request's head to its wire outcome. */
  readonly durationMs: number
  /** What reached the client. */
  readonly wire: WireOutcome
  /** From the end of the request (its head, if it never ended) to the wire outcome: what a client's timeout counts. */
  readonly wireAfterMs: number
  /** When the client closed its side before an answer that was still written, from the end of the request. */
  readonly wireLeftAfterMs: number | undefined
  readonly target: string | undefined
  readonly flavour: string | undefined
  readonly reason: string | undefined
  readonly decrypt: DecryptRef | undefined
  /** Request and response bodies carry credentials: serialized redacted. */
  readonly credentials: boolean
  readonly faults: readonly string[]
  /** Filled on first query of a web push entry; undefined until then. */
  plaintext?: PlaintextResult
}

/** Adds a decrypted web push payload (or why it failed) to an entry. */
export function addPlaintext(entry: LedgerEntry, plaintext: PlaintextResult | undefined): LedgerEntry {
  if (plaintext) {
    if (plaintext.ok) entry.plaintext = plaintext.text
    else {
      entry.plaintext = null
      entry.plaintextError = plaintext.error
    }
  }
  return entry
}

/** Facts of one finished exchange, as an adapter has them. */
export interface ExchangeFacts {
  provider: ProviderName
  request: SimRequest
  /** The answer whose head reached the client, or status 0. */
  response: SimResponse
  delivery: RecordedKind
  note: ExchangeNote | undefined
  startedAt: number
  durationMs: number
  wire: WireOutcome
  wireAfterMs: number
  wireLeftAfterMs: number | undefined
  faults: readonly string[]
}

export function toRecord(seq: number, facts: ExchangeFacts): LedgerRecord {
  const { request, response, note } = facts
  return {
    seq,
    provider: facts.provider,
    method: request.method,
    path: request.path,
    authority: request.authority,
    scheme: request.scheme,
    rawHeaders: request.rawHeaders,
    body: request.body,
    bodyLength: request.bodyLength,
    connectionId: request.connection.id,
    transport: request.connection.transport,
    streamId: request.streamId,
    delivery: facts.delivery,
    status: response.status,
    responseHeaders: response.headers,
    responseBody: response.body,
    startedAt: facts.startedAt,
    durationMs: facts.durationMs,
    wire: facts.wire,
    wireAfterMs: facts.wireAfterMs,
    wireLeftAfterMs: facts.wireLeftAfterMs,
    target: note?.target,
    flavour: note?.flavour,
    reason: note?.reason,
    decrypt: note?.decrypt,
    credentials: note?.credentials === true,
    faults: facts.faults,
  }
}

export type PlaintextResult = { ok: true; text: string; base64: string } | { ok: false; error: string }

/** What reached the client, in an entry: the outcome, and for an abandoned exchange how and when the client left. */
export interface WireEntry {
  outcome: WireOutcomeKind
  status: number
  bytes: number
  /** Milliseconds from the end of the request (its head, if it never ended) to this outcome. */
  afterMs: number
  /** How the client left, when it did before the exchange ended. */
  by?: Departure
  /** When it left, if the answer was still written after (an HTTP/1.1 half-close); for `abandoned`, `afterMs` is that moment. */
  leftAfterMs?: number
  code?: number
}

/** The public, JSON form of an exchange (admin API, NDJSON file); `docs/ledger.schema.json` describes it. */
export interface LedgerEntry {
  schema: typeof LEDGER_SCHEMA_VERSION
  kind: 'exchange'
  seq: number
  id: string
  provider: ProviderName
  flavour: string | null
  target: string | null
  reason: string | null
  faults: readonly string[]
  delivery: RecordedKind
  connectionId: number
  streamId: number | null
  transport: Transport
  startedAt: string
  durationMs: number
  request: {
    method: string
    scheme: string
    authority: string
    path: string
    headers: Record<string, string>
    body: string
    bodyEncoding: 'utf8' | 'base64'
    bodyLength: number
  }
  response: {
    status: number
    headers: Record<string, string>
    body: string
  }
  wire: WireEntry
  /** Decrypted web push payload; present for web push successes. */
  plaintext?: string | null
  plaintextError?: string
}

// Crypto-Key carries only public keys (dh=, p256ecdsa=), so it stays readable.
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization'])

/**
 * Keeps the scheme and public parts, drops secrets: `bearer [redacted]`,
 * VAPID keeps `k=`, a bearer JWT (an APNs provider token) keeps its `iat`
 * — public, and what shows a client refreshed its token.
 */
export function redactHeader(name: string, value: string): string {
  if (!CREDENTIAL_HEADERS.has(name)) return value
  const space = value.indexOf(' ')
  const scheme = space > 0 ? value.slice(0, space) : ''
  const lower = scheme.toLowerCase()
  // Only VAPID carries a public key worth keeping.
  const vapidKey = lower === 'vapid' ? /(?:^|[\s,])k=([A-Za-z0-9_-]+)/.exec(value)?.[1] : undefined
  const iat = lower === 'bearer' ? issuedAtOf(value.slice(space + 1).trim()) : undefined
  const kept = vapidKey ? `[redacted], k=${vapidKey}` : iat !== undefined ? `[redacted], iat=${iat}` : '[redacted]'
  return scheme ? `${scheme} ${kept}` : kept
}

// One decode per distinct token: a client reuses its provider token for many requests.
const issuedAt = new Map<string, number | undefined>()

/** The numeric `iat` claim of a compact JWT, or undefined for anything else (an opaque OAuth access token). */
function issuedAtOf(token: string): number | undefined {
  if (issuedAt.has(token)) return issuedAt.get(token)
  let iat: number | undefined
  const parts = token.split('.')
  if (parts.length === 3) {
    try {
      const claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as { iat?: unknown }
      if (typeof claims.iat === 'number' && Number.isFinite(claims.iat)) iat = claims.iat
    } catch {
      // Not a JWT after all.
    }
  }
  if (issuedAt.size >= 1024) issuedAt.clear()
  issuedAt.set(token, iat)
  return iat
}

export function entryId(seq: number): string {
  return `x${seq.toString().padStart(8, '0')}`
}

export function toEntry(record: LedgerRecord): LedgerEntry {
  const body = textOf(record.body)
  const text = record.credentials && body !== undefined ? redactCredentials(body) : body
  const entry: LedgerEntry = {
    schema: LEDGER_SCHEMA_VERSION,
    kind: 'exchange',
    seq: record.seq,
    id: entryId(record.seq),
    provider: record.provider,
    flavour: record.flavour ?? null,
    target: record.target ?? null,
    reason: record.reason ?? null,
    faults: record.faults,
    delivery: record.delivery,
    connectionId: record.connectionId,
    streamId: record.streamId ?? null,
    transport: record.transport,
    startedAt: new Date(record.startedAt).toISOString(),
    durationMs: roundMs(record.durationMs),
    request: {
      method: record.method,
      scheme: record.scheme,
      authority: record.authority,
      path: record.path,
      headers: redactedHeaders(record.rawHeaders),
      body: text ?? record.body.toString('base64'),
      bodyEncoding: text === undefined ? 'base64' : 'utf8',
      bodyLength: record.bodyLength,
    },
    response: {
      status: record.status,
      headers: record.responseHeaders,
      body: responseBodyOf(record),
    },
    wire: wireEntry(record),
  }
  return addPlaintext(entry, record.plaintext)
}

/** The response body as text, its credentials redacted when it carries some. */
export function responseBodyOf(record: LedgerRecord): string {
  const text = record.responseBody === undefined ? '' : record.responseBody.toString()
  return record.credentials ? redactCredentials(text) : text
}

// Form fields (`assertion=…`) and JSON members (`"access_token": "…"`) that hold OAuth credentials.
const FORM_SECRET = /((?:^|&)(?:assertion|client_secret|refresh_token|code)=)[^&]*/g
const JSON_SECRET = /("(?:assertion|access_token|id_token|refresh_token|client_secret)"\s*:\s*")(?:[^"\\]|\\.)*(")/g

/** An OAuth grant or token answer with its secrets replaced by `[redacted]`, as credential headers are. */
export function redactCredentials(text: string): string {
  return text.replace(FORM_SECRET, '$1[redacted]').replace(JSON_SECRET, '$1[redacted]$2')
}

export function wireEntry(record: LedgerRecord): WireEntry {
  const { kind, status, bytes, by, code } = record.wire
  const entry: WireEntry = { outcome: kind, status, bytes, afterMs: roundMs(record.wireAfterMs) }
  if (by !== undefined) entry.by = by
  if (record.wireLeftAfterMs !== undefined) entry.leftAfterMs = roundMs(record.wireLeftAfterMs)
  if (code !== undefined) entry.code = code
  return entry
}

/** Milliseconds to the microsecond, as every duration of an entry. */
export const roundMs = (ms: number): number => Math.round(ms * 1000) / 1000

/** Lower-case names, repeated headers joined with ", ", HTTP/2 pseudo-headers left out, credentials redacted. */
export function redactedHeaders(rawHeaders: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {}
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase()
    if (name[0] === ':') continue
    const value = redactHeader(name, rawHeaders[i + 1]!)
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value
  }
  return headers
}

/**
 * The body as text when it is valid UTF-8 without control characters other
 * than whitespace, else undefined (then it is stored as base64). Native UTF-8 validation,
 * decoding and a regular expression beat a byte loop in JavaScript, and a
 * text body is decoded once for both the check and the entry.
 */
export function textOf(body: Buffer): string | undefined {
  const decoded = utf8Of(body)
  return decoded === undefined || hasControlCharacter(decoded) ? undefined : decoded
}

/** The body decoded, when it is valid UTF-8. */
export const utf8Of = (body: Buffer): string | undefined => (isUtf8(body) ? body.toString('utf8') : undefined)

// In decoded valid UTF-8 these code units come only from bytes of the same value.
const CONTROL_CHARACTER = /[\x00-\x08\x0e-\x1f\x7f]/

/** Control characters other than whitespace, which make a valid UTF-8 body binary. */
export const hasControlCharacter = (decoded: string): boolean => CONTROL_CHARACTER.test(decoded)
