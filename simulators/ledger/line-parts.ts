import { hasControlCharacter, redactCredentials, responseBodyOf, utf8Of, type LedgerRecord } from './entry.ts'
import { cachedRequestHeadersJson } from './request-headers-json.ts'

const str = JSON.stringify

/**
 * The runs of an NDJSON line that tend to repeat from one exchange to the next
 * on a connection, and what each was built from. The line is
 * `{"seq":…,"id":…` exchange streamId transport startedAt `","durationMs":…`
 * request body response [plaintext] `}`.
 */
export interface LineParts {
  /** The connection's previous record, whose fields the runs were built from. */
  record: LedgerRecord | undefined
  faults: string
  requestHeaders: string
  /** The request body decoded, when it was valid UTF-8. */
  requestBody: string | undefined
  responseHeaders: string
  responseBody: string
  /** `,"provider":…,"connectionId":n,"streamId":` */
  exchange: string
  /** `,"transport":"…","startedAt":"` */
  transport: string
  /** `,"request":{"method":…,"headers":{…}` */
  request: string
  /** `,"body":…,"bodyEncoding":…,"bodyLength":n}` */
  body: string
  /** `,"response":{…}` */
  response: string
}

// Exchanges on a connection mostly repeat the previous one's provider, target,
// request line, headers, body and answer. Reusing those runs saves their JSON
// escaping and, more, encoding work: a line is flattened into one string to
// be written, at a cost per concatenated piece, and these runs are dozens of
// pieces. Inputs are compared with === (strings by value), never by identity
// of a mutable object, so any change shows.
const CONNECTIONS_CACHED = 1024
const partsByConnection = new Map<number, LineParts>()

/** The runs of `record`'s line, reusing the connection's previous ones where their inputs are equal. */
export function lineParts(record: LedgerRecord): LineParts {
  const parts = partsOf(record.connectionId)
  const last = parts.record
  parts.record = record

  const faults = record.faults.length === 0 ? '[]' : str(record.faults)
  if (last && faults === parts.faults && sameExchange(last, record)) {
    flat(parts.exchange)
    flat(parts.transport)
  } else {
    parts.faults = faults
    parts.exchange =
      `,"provider":${str(record.provider)},"flavour":${nullable(record.flavour)},"target":${nullable(record.target)}` +
      `,"reason":${nullable(record.reason)},"faults":${faults},"delivery":"${record.delivery}","connectionId":${record.connectionId},"streamId":`
    parts.transport = `,"transport":${str(record.transport)},"startedAt":"`
  }

  const requestHeaders = cachedRequestHeadersJson(record.connectionId, record.rawHeaders)
  if (last && requestHeaders === parts.requestHeaders && sameRequest(last, record)) flat(parts.request)
  else {
    parts.requestHeaders = requestHeaders
    parts.request =
      `,"request":{"method":${str(record.method)},"scheme":${str(record.scheme)},"authority":${str(record.authority)}` +
      `,"path":${str(record.path)},"headers":${requestHeaders}`
  }

  // Decoding valid UTF-8 is one-to-one: equal text means equal bytes (and a redacted body is never reused).
  const utf8 = utf8Of(record.body)
  const decoded = record.credentials && utf8 !== undefined ? redactCredentials(utf8) : utf8
  if (last && decoded !== undefined && decoded === parts.requestBody && last.bodyLength === record.bodyLength && !record.credentials && !last.credentials) flat(parts.body)
  else {
    parts.requestBody = decoded
    parts.body =
      decoded === undefined || hasControlCharacter(decoded)
        ? `,"body":"${record.body.toString('base64')}","bodyEncoding":"base64","bodyLength":${record.bodyLength}}` // base64 needs no escaping
        : `,"body":${str(decoded)},"bodyEncoding":"utf8","bodyLength":${record.bodyLength}}`
  }

  const responseHeaders = headersJson(record.responseHeaders)
  const responseBody = responseBodyOf(record)
  if (last && last.status === record.status && responseHeaders === parts.responseHeaders && responseBody === parts.responseBody) {
    flat(parts.response)
  } else {
    parts.responseHeaders = responseHeaders
    parts.responseBody = responseBody
    parts.response = `,"response":{"status":${record.status},"headers":${responseHeaders},"body":${str(responseBody)}}`
  }
  return parts
}

function partsOf(connectionId: number): LineParts {
  let parts = partsByConnection.get(connectionId)
  if (parts === undefined) {
    if (partsByConnection.size >= CONNECTIONS_CACHED) partsByConnection.clear()
    parts = {
      record: undefined,
      faults: '',
      requestHeaders: '',
      requestBody: undefined,
      responseHeaders: '',
      responseBody: '',
      exchange: '',
      transport: '',
      request: '',
      body: '',
      response: '',
    }
    partsByConnection.set(connectionId, parts)
  }
  return parts
}

const sameExchange = (a: LedgerRecord, b: LedgerRecord): boolean =>
  a.provider === b.provider &&
  a.flavour === b.flavour &&
  a.target === b.target &&
  a.reason === b.reason &&
  a.delivery === b.delivery &&
  a.transport === b.transport

const sameRequest = (a: LedgerRecord, b: LedgerRecord): boolean =>
  a.method === b.method && a.scheme === b.scheme && a.authority === b.authority && a.path === b.path

// Providers answer most exchanges with one shared, frozen header object: serialize each once.
const responseHeadersJson = new WeakMap<object, string>()
const headersJson = (headers: Readonly<Record<string, string>>): string => {
  let json = responseHeadersJson.get(headers)
  if (json === undefined) {
    json = str(headers)
    if (Object.isFrozen(headers)) responseHeadersJson.set(headers, json)
  }
  return json
}

const nullable = (value: string | undefined): string => (value === undefined ? 'null' : str(value))

// Indexing a concatenated string makes V8 flatten it in place, so a reused run
// is copied as one piece, not dozens, into each line that contains it.
const flat = (text: string): void => {
  text.charCodeAt(0)
}
