import { Ajv2020 } from 'ajv/dist/2020.js'
import { beforeAll, describe, expect, it } from 'vitest'
import type { WireOutcome } from '../kernel/wire-outcome.ts'
import { DEVICE_CHANNELS, DEVICE_REPORTS, NOT_DELIVERED_REASONS } from './device-entry.ts'
import { sampleDeviceEvents } from './device-samples.test-support.ts'
import { LEDGER_SCHEMA_VERSION, toEntry } from './entry.ts'
import { createLedger } from './ledger.ts'
import type { NdjsonSink } from './ndjson-sink.ts'
import { toNdjsonLine } from './ndjson-line.ts'
import { DEPARTURES, OUTCOMES, PROVIDERS, RECORDED_KINDS, TRANSPORTS, sampleRecord, sampleRecords, validWires } from './samples.test-support.ts'
import { LEDGER_SCHEMA_ID, ledgerLineValidator, loadLedgerSchema, type LedgerLineValidator } from './schema.ts'

type Json = Record<string, any>

const schema = loadLedgerSchema() as Json
// Every strict option on: the schema must compile cleanly for any ajv user (the harness too).
const ajv = new Ajv2020({ strict: true, allErrors: true })
ajv.addSchema(schema)
const validate = ajv.getSchema(LEDGER_SCHEMA_ID)!
const isValid = (value: unknown): boolean => validate(value) as boolean

const lineOf = (seq: number, shape: Parameters<typeof sampleRecord>[1] = {}): Json => JSON.parse(toNdjsonLine(sampleRecord(seq, shape)))
const withChange = (change: (entry: Json) => void): Json => {
  const entry = lineOf(1)
  change(entry)
  return entry
}

describe('ledger schema (docs/ledger.schema.json)', () => {
  it('is draft 2020-12 and names the version the writer writes', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema')
    expect(schema.properties.schema.const).toBe(LEDGER_SCHEMA_VERSION)
    expect(schema.$defs.exchange.properties.schema.const).toBe(LEDGER_SCHEMA_VERSION)
  })

  it('lists exactly the enums of the TypeScript types', () => {
    const { exchange, wire } = schema.$defs
    expect(exchange.properties.provider.enum).toEqual([...PROVIDERS])
    expect(exchange.properties.transport.enum).toEqual([...TRANSPORTS])
    expect(exchange.properties.delivery.enum).toEqual([...RECORDED_KINDS])
    expect(wire.properties.outcome.enum).toEqual([...OUTCOMES])
    expect(wire.properties.by.enum).toEqual([...DEPARTURES])
    const { device } = schema.$defs
    expect(device.properties.channel.enum).toEqual([...DEVICE_CHANNELS])
    expect(device.properties.report.enum).toEqual([...DEVICE_REPORTS])
    expect(device.properties.decision.properties.reason.enum).toEqual([...NOT_DELIVERED_REASONS, null])
    expect(Object.keys(device.properties.due.properties)).toEqual([...DEVICE_REPORTS])
  })

  it('describes every field and every object', () => {
    const undescribed: string[] = []
    const check = (where: string, node: Json): void => {
      if (typeof node.description !== 'string' || node.description.length < 10) undescribed.push(where)
      for (const [name, field] of Object.entries<Json>(node.properties ?? {})) {
        if (typeof field.description !== 'string' || field.description.length < 10) undescribed.push(`${where}.${name}`)
      }
    }
    check('(root)', schema)
    for (const [name, def] of Object.entries<Json>(schema.$defs)) check(name, def)
    expect(undescribed).toEqual([])
    // The timing fields say what they measure from and to.
    expect(schema.$defs.exchange.properties.startedAt.description).toMatch(/head arrived/)
    expect(schema.$defs.exchange.properties.durationMs.description).toMatch(/from the arrival of the request's head to its wire outcome/)
    expect(schema.$defs.wire.properties.afterMs.description).toMatch(/from the end of the request/)
    expect(schema.$defs.wire.properties.leftAfterMs.description).toMatch(/from the end of the request to the moment the client closed its side/)
  })

  it('accepts real lines of every shape, written by toNdjsonLine', () => {
    const records = sampleRecords()
    expect(records.length).toBeGreaterThan(45)
    for (const record of records) {
      const line = toNdjsonLine(record)
      const entry = JSON.parse(line)
      expect(entry, `seq ${record.seq}`).toEqual(JSON.parse(JSON.stringify(toEntry(record))))
      expect(validate(entry), `seq ${record.seq}: ${line}\n${ajv.errorsText(validate.errors)}`).toBe(true)
    }
  })

  it('covers both body encodings and both plaintext results among those lines', () => {
    const entries = sampleRecords().map((record) => JSON.parse(toNdjsonLine(record)) as Json)
    expect(new Set(entries.map((entry) => entry.request.bodyEncoding))).toEqual(new Set(['utf8', 'base64']))
    expect(entries.some((entry) => typeof entry.plaintext === 'string')).toBe(true)
    expect(entries.some((entry) => entry.plaintext === null && typeof entry.plaintextError === 'string')).toBe(true)
    expect(new Set(entries.map((entry) => entry.wire.outcome))).toEqual(new Set(OUTCOMES))
    expect(new Set(entries.map((entry) => entry.delivery))).toEqual(new Set(RECORDED_KINDS))
  })

  it('ties by, code and leftAfterMs to the outcomes they belong to, for every combination', () => {
    const valid = new Set(validWires().map(({ wire, leftAfterMs }) => key(wire, leftAfterMs)))
    let accepted = 0
    for (const outcome of OUTCOMES) {
      for (const by of [undefined, ...DEPARTURES]) {
        for (const code of [undefined, 8]) {
          for (const leftAfterMs of [undefined, 0.5]) {
            const wire = { kind: outcome, status: 0, bytes: 0, ...(by ? { by } : {}), ...(code === undefined ? {} : { code }) } as WireOutcome
            const entry = lineOf(1, { wire, status: 0, ...(leftAfterMs === undefined ? {} : { wireLeftAfterMs: leftAfterMs }) })
            const expected = (outcome !== 'abandoned' || (by !== undefined && leftAfterMs === undefined)) && (outcome !== 'rst-stream' || code !== undefined) && (code === undefined || ['cut', 'refused', 'rst-stream', 'abandoned'].includes(outcome))
            expect(isValid(entry), `${JSON.stringify(entry.wire)}`).toBe(expected)
            if (expected) accepted++
            // Every shape the adapters produce is among the accepted ones.
            if (valid.has(key(wire, leftAfterMs))) expect(expected).toBe(true)
          }
        }
      }
    }
    expect(accepted).toBeGreaterThan(30)
  })

  it('rejects broken exchange lines', () => {
    const broken: [string, Json][] = [
      ['missing seq', withChange((e) => delete e.seq)],
      ['missing wire', withChange((e) => delete e.wire)],
      ['missing wire.afterMs', withChange((e) => delete e.wire.afterMs)],
      ['missing request.bodyEncoding', withChange((e) => delete e.request.bodyEncoding)],
      ['missing response.status', withChange((e) => delete e.response.status)],
      ['unknown outcome', withChange((e) => (e.wire.outcome = 'lost'))],
      ['unknown delivery', withChange((e) => (e.delivery = 'drop'))],
      ['unknown provider', withChange((e) => (e.provider = 'mpns'))],
      ['unknown transport', withChange((e) => (e.transport = 'h3'))],
      ['unknown departure', withChange((e) => Object.assign(e.wire, { outcome: 'abandoned', by: 'timeout' }))],
      ['unknown body encoding', withChange((e) => (e.request.bodyEncoding = 'hex'))],
      ['seq as a string', withChange((e) => (e.seq = '1'))],
      ['seq 0', withChange((e) => (e.seq = 0))],
      ['fractional seq', withChange((e) => (e.seq = 1.5))],
      ['durationMs as a string', withChange((e) => (e.durationMs = '1.2'))],
      ['negative afterMs', withChange((e) => (e.wire.afterMs = -1))],
      ['status as a string', withChange((e) => (e.response.status = '200'))],
      ['streamId as a string', withChange((e) => (e.streamId = '1'))],
      ['faults not strings', withChange((e) => (e.faults = [1]))],
      ['header value not a string', withChange((e) => (e.request.headers['x-n'] = 1))],
      ['upper-case request header name', withChange((e) => (e.request.headers['X-N'] = '1'))],
      ['pseudo-header kept', withChange((e) => (e.request.headers[':path'] = '/'))],
      ['id not from seq', withChange((e) => (e.id = 'x1'))],
      ['startedAt not ISO', withChange((e) => (e.startedAt = '2026-01-01 00:00:00'))],
      ['startedAt as epoch ms', withChange((e) => (e.startedAt = 1767225600000))],
      ['base64 body that is not base64', withChange((e) => Object.assign(e.request, { body: 'not base64!', bodyEncoding: 'base64' }))],
      ['extra top-level field', withChange((e) => (e.extra = 1))],
      ['extra wire field', withChange((e) => (e.wire.extra = 1))],
      ['extra request field', withChange((e) => (e.request.extra = 1))],
      ['extra response field', withChange((e) => (e.response.extra = 1))],
      ['plaintextError without plaintext null', withChange((e) => (e.plaintextError = 'x'))],
      ['plaintextError with a plaintext', withChange((e) => Object.assign(e, { plaintext: 'hi', plaintextError: 'x' }))],
      ['plaintext null without its error', withChange((e) => (e.plaintext = null))],
      ['schema 2', withChange((e) => (e.schema = 2))],
      ['schema missing', withChange((e) => delete e.schema)],
      ['kind missing', withChange((e) => delete e.kind)],
    ]
    for (const [what, entry] of broken) expect(isValid(entry), what).toBe(false)
    // The unbroken line passes, so each rejection is its change's doing.
    expect(isValid(lineOf(1))).toBe(true)
  })

  it('accepts real device lines, written by ledger.appendEvent, of both events', () => {
    const lines = deviceLines()
    expect(new Set(lines.map((line) => line.event))).toEqual(new Set(['decision', 'report']))
    for (const line of lines) expect(validate(line), `${JSON.stringify(line)}\n${ajv.errorsText(validate.errors)}`).toBe(true)
  })

  it('rejects broken device lines', () => {
    const [decision, , , report] = deviceLines() as [Json, Json, Json, Json]
    const change = (line: Json, edit: (line: Json) => void): Json => {
      const copy = structuredClone(line)
      edit(copy)
      return copy
    }
    const broken: [string, Json][] = [
      ['missing at', change(decision, (l) => delete l.at)],
      ['at without ms', change(decision, (l) => (l.at = '2026-03-02T09:00:00Z'))],
      ['missing virtualAt', change(decision, (l) => delete l.virtualAt)],
      ['virtualAt as epoch ms', change(decision, (l) => (l.virtualAt = 1))],
      ['unknown event', change(decision, (l) => (l.event = 'open'))],
      ['unknown channel', change(decision, (l) => (l.channel = 'webpush-edge'))],
      ['deliveryId missing', change(decision, (l) => delete l.deliveryId)],
      ['exchange as a string', change(decision, (l) => (l.exchange = '1'))],
      ['decision missing', change(decision, (l) => delete l.decision)],
      ['due missing', change(decision, (l) => delete l.due)],
      ['decision.delivered not a boolean', change(decision, (l) => (l.decision.delivered = 'yes'))],
      ['unknown reason', change(decision, (l) => (l.decision.reason = 'asleep'))],
      ['due not ISO', change(decision, (l) => (l.due.opened = 'soon'))],
      ['unknown due report', change(decision, (l) => (l.due.clicked = '2026-03-02T09:00:00Z'))],
      ['a report field on a decision', change(decision, (l) => (l.report = 'opened'))],
      ['shown without a body', change(decision, (l) => (l.shown = { title: 'Hi' }))],
      ['shown with more than its text', change(decision, (l) => (l.shown = { title: 'Hi', body: '', token: 't' }))],
      ['shown on a report', change(report, (l) => (l.shown = { title: 'Hi', body: '' }))],
      ['report missing', change(report, (l) => delete l.report)],
      ['unknown report', change(report, (l) => (l.report = 'clicked'))],
      ['status missing', change(report, (l) => delete l.status)],
      ['status as a string', change(report, (l) => (l.status = '202'))],
      ['duplicate missing', change(report, (l) => delete l.duplicate)],
      ['attempt 0', change(report, (l) => (l.attempt = 0))],
      ['a decision on a report', change(report, (l) => (l.due = {}))],
      ['extra field', change(report, (l) => (l.extra = 1))],
    ]
    for (const [what, line] of broken) expect(isValid(line), what).toBe(false)
    expect(isValid(decision) && isValid(report)).toBe(true)
    expect(isValid(change(decision, (l) => (l.shown = { title: 'Hi, Ada', body: '' })))).toBe(true)
  })

  it('accepts other kinds in a minimal open shape, and rejects them without schema or kind', () => {
    expect(isValid({ schema: 1, kind: 'note', seq: 4, decision: { anything: [1, 2] }, note: null })).toBe(true)
    expect(isValid({ schema: 1, kind: 'note' })).toBe(true)
    expect(isValid({ schema: 1, kind: 'note', seq: '4' })).toBe(false)
    expect(isValid({ schema: 1, kind: 'note', seq: 0 })).toBe(false)
    // device is defined now: it no longer passes as an open kind.
    expect(isValid({ schema: 1, kind: 'device' })).toBe(false)
    expect(isValid({ kind: 'device' })).toBe(false)
    expect(isValid({ schema: 1 })).toBe(false)
    expect(isValid({ schema: 1, kind: '' })).toBe(false)
    expect(isValid({ schema: 1, kind: 7 })).toBe(false)
    expect(isValid({ schema: 2, kind: 'device' })).toBe(false)
    expect(isValid([])).toBe(false)
    expect(isValid('{"schema":1}')).toBe(false)
    // A broken exchange does not pass as an entry of an unknown kind.
    expect(isValid({ schema: 1, kind: 'exchange', seq: 1 })).toBe(false)
  })

  describe('ledgerLineValidator', () => {
    let check: LedgerLineValidator
    beforeAll(async () => {
      check = await ledgerLineValidator()
    })

    it('passes real lines and is compiled once', async () => {
      for (const record of sampleRecords()) expect(check(JSON.parse(toNdjsonLine(record)))).toBeUndefined()
      expect(await ledgerLineValidator()).toBe(check)
    })

    it('says where an exchange is wrong, about the exchange alone', () => {
      expect(check(withChange((e) => (e.wire.outcome = 'lost')))).toBe(
        `/wire/outcome must be equal to one of the allowed values (${OUTCOMES.join(', ')})`,
      )
      expect(check(withChange((e) => (e.wire.extra = 1)))).toBe(`/wire must NOT have additional properties 'extra'`)
      expect(check(withChange((e) => delete e.seq))).toBe(`/ must have required property 'seq'`)
      expect(check({ schema: 1, kind: 'note', seq: 'x' })).toMatch(/\/seq must be integer/)
      expect(check(deviceLines()[0])).toBeUndefined()
      expect(check({ ...deviceLines()[0], channel: 'mpns' })).toMatch(/^\/channel must be equal to one of the allowed values/)
    })
  })
})

/** Device lines as ledger.appendEvent writes them, parsed. */
function deviceLines(): Json[] {
  const written: string[] = []
  const sink: NdjsonSink = { path: 'memory', push: (line) => void written.push(line), flush: async () => {}, close: async () => {} }
  const ledger = createLedger({ sink })
  for (const fields of sampleDeviceEvents()) ledger.appendEvent('device', fields)
  return written.map((line) => JSON.parse(line) as Json)
}

function key(wire: WireOutcome, leftAfterMs: number | undefined): string {
  return `${wire.kind}|${wire.by ?? ''}|${wire.code === undefined ? '' : 'code'}|${leftAfterMs === undefined ? '' : 'left'}`
}
