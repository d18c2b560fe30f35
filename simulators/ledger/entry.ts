import { isUtf8 } from 'node:buffer'
import type { DeliveryKind } from '../kernel/delivery.ts'
import type { DecryptRef, ExchangeNote, ProviderName, SimRequest, SimResponse, Transport } from '../kernel/exchange.ts'

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
  /** What the client got: an answer, or a fault's hang, reset, RST_STREAM or GOAWAY (status 0 when nothing was answered). */
  readonly delivery: DeliveryKind
  readonly status: number
  readonly responseHeaders: Readonly<Record<string, string>>
  readonly responseBody: string | Buffer | undefined
  readonly startedAt: number
  readonly durationMs: number
  readonly target: string | undefined
  readonly flavour: string | undefined
  readonly reason: string | undefined
  readonly decrypt: DecryptRef | undefined
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
  response: SimResponse
  delivery: DeliveryKind
  note: ExchangeNote | undefined
  startedAt: number
  durationMs: number
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
    target: note?.target,
    flavour: note?.flavour,
    reason: note?.reason,
    decrypt: note?.decrypt,
    faults: facts.faults,
  }
}

export type PlaintextResult = { ok: true; text: string; base64: string } | { ok: false; error: string }

/** The public, JSON form of an exchange (admin API, NDJSON file). */
export interface LedgerEntry {
  seq: number
  id: string
  provider: ProviderName
  flavour: string | null
  target: string | null
  reason: string | null
  faults: readonly string[]
  delivery: DeliveryKind
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
  /** Decrypted web push payload; present for web push successes. */
  plaintext?: string | null
  plaintextError?: string
}

// Crypto-Key carries only public keys (dh=, p256ecdsa=), so it stays readable.
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization'])

/** Keeps the scheme and public parts, drops secrets: `bearer [redacted]`, VAPID keeps `k=`. */
export function redactHeader(name: string, value: string): string {
  if (!CREDENTIAL_HEADERS.has(name)) return value
  const space = value.indexOf(' ')
  const scheme = space > 0 ? value.slice(0, space) : ''
  // Only VAPID carries a public key worth keeping; a bearer token is not scanned for one.
  const vapidKey = scheme.toLowerCase() === 'vapid' ? /(?:^|[\s,])k=([A-Za-z0-9_-]+)/.exec(value)?.[1] : undefined
  const kept = vapidKey ? `[redacted], k=${vapidKey}` : '[redacted]'
  return scheme ? `${scheme} ${kept}` : kept
}

export function entryId(seq: number): string {
  return `x${seq.toString().padStart(8, '0')}`
}

export function toEntry(record: LedgerRecord): LedgerEntry {
  const text = textOf(record.body)
  const entry: LedgerEntry = {
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
    durationMs: Math.round(record.durationMs * 1000) / 1000,
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
      body: record.responseBody === undefined ? '' : record.responseBody.toString(),
    },
  }
  return addPlaintext(entry, record.plaintext)
}

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
