import type { DecryptRef, ProviderName, SimRequest, SimResponse, Transport } from '../kernel/exchange.ts'

/**
 * What the ledger keeps of one exchange. Hot-path cheap: it holds references
 * to what the adapter already has; redaction, body encoding and decryption
 * happen only when an entry is serialized or queried.
 */
export interface LedgerRecord {
  readonly seq: number
  readonly provider: ProviderName
  readonly request: SimRequest
  readonly response: SimResponse
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

const CREDENTIAL_HEADERS = new Set(['authorization', 'crypto-key', 'proxy-authorization'])

/** Keeps the scheme and public parts, drops secrets: `bearer [redacted]`, VAPID keeps `k=`. */
export function redactHeader(name: string, value: string): string {
  if (!CREDENTIAL_HEADERS.has(name)) return value
  if (name === 'crypto-key') return value // public keys only (dh=, p256ecdsa=)
  const space = value.indexOf(' ')
  const scheme = space > 0 ? value.slice(0, space) : ''
  const vapidKey = /(?:^|[\s,])k=([A-Za-z0-9_-]+)/.exec(value)?.[1]
  const kept = vapidKey ? `[redacted], k=${vapidKey}` : '[redacted]'
  return scheme ? `${scheme} ${kept}` : kept
}

export function entryId(seq: number): string {
  return `x${seq.toString().padStart(8, '0')}`
}

export function toEntry(record: LedgerRecord): LedgerEntry {
  const { request, response } = record
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined && name[0] !== ':') headers[name] = redactHeader(name, value)
  }
  const textual = isText(request.body)
  const entry: LedgerEntry = {
    seq: record.seq,
    id: entryId(record.seq),
    provider: record.provider,
    flavour: record.flavour ?? null,
    target: record.target ?? null,
    reason: record.reason ?? null,
    faults: record.faults,
    connectionId: request.connection.id,
    streamId: request.streamId ?? null,
    transport: request.connection.transport,
    startedAt: new Date(record.startedAt).toISOString(),
    durationMs: Math.round(record.durationMs * 1000) / 1000,
    request: {
      method: request.method,
      scheme: request.scheme,
      authority: request.authority,
      path: request.path,
      headers,
      body: request.body.toString(textual ? 'utf8' : 'base64'),
      bodyEncoding: textual ? 'utf8' : 'base64',
      bodyLength: request.bodyLength,
    },
    response: {
      status: response.status,
      headers: response.headers,
      body: response.body === undefined ? '' : response.body.toString(),
    },
  }
  if (record.plaintext) {
    if (record.plaintext.ok) entry.plaintext = record.plaintext.text
    else {
      entry.plaintext = null
      entry.plaintextError = record.plaintext.error
    }
  }
  return entry
}

/** True when the bytes are valid UTF-8 without control characters other than whitespace. */
function isText(body: Buffer): boolean {
  if (body.length === 0) return true
  for (let i = 0; i < body.length; i++) {
    const byte = body[i]!
    if (byte < 0x09 || (byte > 0x0d && byte < 0x20) || byte === 0x7f) return false
  }
  return Buffer.from(body.toString('utf8'), 'utf8').equals(body)
}
