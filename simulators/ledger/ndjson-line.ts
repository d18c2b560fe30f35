import { entryId, isText, redactedHeaders, type LedgerRecord } from './entry.ts'

const str = JSON.stringify

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
    `,"transport":${str(record.transport)},"startedAt":${str(new Date(record.startedAt).toISOString())}` +
    `,"durationMs":${Math.round(record.durationMs * 1000) / 1000}` +
    `,"request":{"method":${str(record.method)},"scheme":${str(record.scheme)},"authority":${str(record.authority)}` +
    `,"path":${str(record.path)},"headers":${str(redactedHeaders(record.rawHeaders))}` +
    `,"body":${str(record.body.toString(textual ? 'utf8' : 'base64'))},"bodyEncoding":"${textual ? 'utf8' : 'base64'}","bodyLength":${record.bodyLength}}` +
    `,"response":{"status":${record.status},"headers":${str(record.responseHeaders)},"body":${str(responseBody)}}`
  const plaintext = record.plaintext
  if (plaintext) line += plaintext.ok ? `,"plaintext":${str(plaintext.text)}` : `,"plaintext":null,"plaintextError":${str(plaintext.error)}`
  return `${line}}\n`
}

const nullable = (value: string | undefined): string => (value === undefined ? 'null' : str(value))
