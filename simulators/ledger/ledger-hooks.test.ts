import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { manualClock } from '../kernel/clock.ts'
import { buildRequest } from '../kernel/request.ts'
import { sampleDeviceEvents } from './device-samples.test-support.ts'
import type { ExchangeFacts, LedgerRecord } from './entry.ts'
import { createLedger } from './ledger.ts'
import { createNdjsonSink } from './ndjson-sink.ts'
import { isDeviceLine, isExchangeLine, isKnownLine, readLedger, type LedgerLine } from './reader.ts'
import { tempDir } from '../../test/support/temp-dir.ts'

const dir = tempDir('ledger-hooks-')

const facts = (target: string): ExchangeFacts => ({
  provider: 'apns',
  request: buildRequest({ path: `/3/device/${target}`, body: '{}' }),
  response: { status: 200, headers: {}, body: '' },
  delivery: 'respond',
  note: { target },
  startedAt: Date.UTC(2026, 0, 1),
  durationMs: 1,
  wire: { kind: 'answered', status: 200, bytes: 0 },
  wireAfterMs: 1,
  wireLeftAfterMs: undefined,
  faults: [],
})

describe('ledger.onAppend', () => {
  it('hands each exchange record to every listener, synchronously, until unsubscribed', () => {
    const ledger = createLedger()
    const seen: [string, number][] = []
    const stopA = ledger.onAppend((record) => seen.push(['a', record.seq]))
    ledger.onAppend((record) => seen.push(['b', record.seq]))
    const first = ledger.append(facts('t1'))
    expect(seen).toEqual([['a', 1], ['b', 1]])
    expect(first.seq).toBe(1)
    stopA()
    ledger.append(facts('t2'))
    expect(seen).toEqual([['a', 1], ['b', 1], ['b', 2]])
  })

  it('a throwing listener neither fails the append nor starves the others', () => {
    const ledger = createLedger()
    const records: LedgerRecord[] = []
    ledger.onAppend(() => {
      throw new Error('device bug')
    })
    ledger.onAppend((record) => records.push(record))
    expect(() => ledger.append(facts('t1'))).not.toThrow()
    expect(records.map((record) => record.target)).toEqual(['t1'])
    expect(ledger.count()).toBe(1)
  })

  it('is not called for event lines', () => {
    const ledger = createLedger()
    let calls = 0
    ledger.onAppend(() => calls++)
    ledger.appendEvent('device', { event: 'report' })
    expect(calls).toBe(0)
  })
})

describe('ledger.appendEvent', () => {
  it('numbers events with the exchanges, counts them in recorded, and keeps them out of queries', () => {
    const ledger = createLedger()
    ledger.append(facts('t1'))
    expect(ledger.appendEvent('device', { event: 'decision' })).toBe(2)
    expect(ledger.append(facts('t2')).seq).toBe(3)
    expect(ledger.recorded).toBe(3)
    expect(ledger.count()).toBe(2)
    expect(ledger.query().entries.map((entry) => entry.seq)).toEqual([1, 3])
    expect(ledger.get(2)).toBeUndefined()
  })

  it('writes {schema, kind, seq, at, …fields} with wall time to the ms; fields cannot overwrite the head', async () => {
    const path = join(dir, 'head.ndjson')
    const ledger = createLedger({ sink: createNdjsonSink(path), wall: manualClock(Date.UTC(2026, 2, 2, 9, 0, 0, 7)) })
    ledger.appendEvent('device', { event: 'report', seq: 99, kind: 'exchange', at: 'then', report: 'opened' })
    await ledger.close()
    expect(readFileSync(path, 'utf8')).toBe('{"schema":1,"kind":"device","seq":1,"at":"2026-03-02T09:00:00.007Z","event":"report","report":"opened"}\n')
  })

  it('round-trips through the NDJSON file: readLedger yields exchanges and device lines by kind, valid against the schema', async () => {
    const path = join(dir, 'round-trip.ndjson')
    const ledger = createLedger({ sink: createNdjsonSink(path) })
    ledger.append(facts('t1'))
    const events = sampleDeviceEvents()
    const seqs = events.map((fields) => ledger.appendEvent('device', fields))
    ledger.append(facts('t2'))
    await ledger.close()

    const lines: LedgerLine[] = []
    for await (const line of readLedger(path, { validate: true })) lines.push(line)
    expect(lines.every((line) => line.ok)).toBe(true)
    expect(lines.map((line) => line.ok && line.kind)).toEqual(['exchange', ...events.map(() => 'device'), 'exchange'])
    expect(lines.filter(isExchangeLine).map((line) => line.entry.seq)).toEqual([1, seqs.length + 2])
    const devices = lines.filter(isDeviceLine)
    expect(devices.map((line) => line.entry.seq)).toEqual(seqs)
    expect(devices.map(({ entry }) => {
      const { schema, kind, seq, at, ...fields } = entry
      expect({ schema, kind }).toEqual({ schema: 1, kind: 'device' })
      expect(at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
      return fields
    })).toEqual(events)
    // Known lines discriminate on kind.
    const kinds = lines.filter(isKnownLine).map((line) => {
      switch (line.kind) {
        case 'exchange':
          return line.entry.provider
        case 'device':
          return line.entry.event
      }
    })
    expect(kinds).toEqual(['apns', 'decision', 'decision', 'decision', 'report', 'report', 'report', 'apns'])
    // Device lines have no provider: a provider filter leaves them out.
    const apns: LedgerLine[] = []
    for await (const line of readLedger(path, { provider: 'apns' })) apns.push(line)
    expect(apns.every(isExchangeLine)).toBe(true)
  })
})
