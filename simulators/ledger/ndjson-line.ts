import { entryId, isText, redactHeader, redactedHeaders, type LedgerRecord } from './entry.ts'

const str = JSON.stringify

// Under load many exchanges start within one millisecond: reuse its ISO text.
let lastStartedAt = Number.NaN
let lastStartedAtIso = ''
const isoOf = (epochMs: number): string => {
  if (epochMs !== lastStartedAt) {
    lastStartedAt = epochMs
    lastStartedAtIso = new Date(epochMs).toISOString()
  }
  return lastStartedAtIso
}

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

/** `str(redactedHeaders(raw))` written directly; a repeated header name takes the general path, which joins values. */
function requestHeadersJson(rawHeaders: readonly string[]): string {
  let json = '{'
  const seen = new Set<string>()
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase()
    if (name[0] === ':') continue
    if (seen.has(name)) return str(redactedHeaders(rawHeaders))
    seen.add(name)
    json += `${json.length > 1 ? ',' : ''}${str(name)}:${str(redactHeader(name, rawHeaders[i + 1]!))}`
  }
  return `${json}}`
}

/**
 * One NDJSON line for a record, byte for byte `JSON.stringify(toEntry(record))`,
 * written directly: the file sink runs this for every exchange on the serving
 * thread, and skipping the intermediate entry object halves its cost.
 */
export function toNdjsonLine(record: LedgerRecord): string {
  const textual = isText(record.body)
  const responseBody = record.responseBody === undefined ? '' : record.responseBody.toString()
  let line =
    `{"seq":${record.seq},"id":${str(entryId(record.seq))},"provider":${str(record.provider)}` +
    `,"flavour":${nullable(record.flavour)},"target":${nullable(record.target)},"reason":${nullable(record.reason)}` +
    `,"faults":${str(record.faults)},"delivery":"${record.delivery}","connectionId":${record.connectionId},"streamId":${record.streamId ?? 'null'}` +
    `,"transport":${str(record.transport)},"startedAt":"${isoOf(record.startedAt)}"` +
    `,"durationMs":${Math.round(record.durationMs * 1000) / 1000}` +
    `,"request":{"method":${str(record.method)},"scheme":${str(record.scheme)},"authority":${str(record.authority)}` +
    `,"path":${str(record.path)},"headers":${requestHeadersJson(record.rawHeaders)}` +
    `,"body":${str(record.body.toString(textual ? 'utf8' : 'base64'))},"bodyEncoding":"${textual ? 'utf8' : 'base64'}","bodyLength":${record.bodyLength}}` +
    `,"response":{"status":${record.status},"headers":${headersJson(record.responseHeaders)},"body":${str(responseBody)}}`
  const plaintext = record.plaintext
  if (plaintext) line += plaintext.ok ? `,"plaintext":${str(plaintext.text)}` : `,"plaintext":null,"plaintextError":${str(plaintext.error)}`
  return `${line}}\n`
}

const nullable = (value: string | undefined): string => (value === undefined ? 'null' : str(value))
