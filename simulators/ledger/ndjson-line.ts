import { LEDGER_SCHEMA_VERSION, roundMs, type LedgerRecord } from './entry.ts'
import { lineParts } from './line-parts.ts'

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

/**
 * One NDJSON line for a record, byte for byte `JSON.stringify(toEntry(record))`,
 * written directly: the ledger runs this for every exchange as it is recorded,
 * on the serving thread, and skipping the intermediate entry object halves its cost.
 */
export function toNdjsonLine(record: LedgerRecord): string {
  const parts = lineParts(record)
  const seq = `${record.seq}`
  let line =
    `{"schema":${LEDGER_SCHEMA_VERSION},"kind":"exchange","seq":${seq},"id":"${idOf(seq)}"${parts.exchange}${record.streamId ?? 'null'}${parts.transport}${isoOf(record.startedAt)}` +
    `","durationMs":${roundMs(record.durationMs)}${parts.request}${parts.body}${parts.response}${wireJson(record)}`
  const plaintext = record.plaintext
  if (plaintext) line += plaintext.ok ? `,"plaintext":${str(plaintext.text)}` : `,"plaintext":null,"plaintextError":${str(plaintext.error)}`
  return `${line}}\n`
}

/** `,"wire":{…}`, in wireEntry's key order; every value is a number or a fixed word, so nothing needs escaping. */
function wireJson(record: LedgerRecord): string {
  const { kind, status, bytes, by, code } = record.wire
  let json = `,"wire":{"outcome":"${kind}","status":${status},"bytes":${bytes},"afterMs":${roundMs(record.wireAfterMs)}`
  if (by !== undefined) json += `,"by":"${by}"`
  if (record.wireLeftAfterMs !== undefined) json += `,"leftAfterMs":${roundMs(record.wireLeftAfterMs)}`
  if (code !== undefined) json += `,"code":${code}`
  return `${json}}`
}

/** `entryId`, from the digits of seq, which need no escaping. */
const idOf = (seq: string): string => (seq.length < 8 ? `x${'00000000'.slice(seq.length)}${seq}` : `x${seq}`)
