/**
 * The spilling collector, in any number of buckets, shows each campaign's
 * deliveries and the conversions exactly as one WireIndex fed the same
 * lines in memory does, a report taking its exchange's last decided due time.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { DeviceEntry } from '../../../../simulators/ledger/device-entry.ts'
import type { AttemptRecord } from '../../ground-truth.ts'
import { bucketOf } from '../../spill-files.ts'
import { WireCollector } from './wire-collector.ts'
import { WireIndex } from './wire-index.ts'

const ANSWERS = [
  { provider: 'apns', flavour: null, outcome: 'answered', status: 200, reason: null },
  { provider: 'apns', flavour: null, outcome: 'answered', status: 410, reason: 'Unregistered' },
  { provider: 'webpush', flavour: 'chrome', outcome: 'answered', status: 503, reason: null },
  { provider: 'fcm', flavour: 'p', outcome: 'abandoned', status: 0, reason: 'fault:hang' },
] as const
const DELIVERIES = ['d0', 'd1', 'd2', 'd3', 'd4\t"é', 'd5']
const KINDS = ['delivered', 'opened', 'converted'] as const
const iso = (ms: number | null) => (ms === null ? 'not a time' : new Date(Date.UTC(2026, 0, 1) + ms).toISOString())

const line = fc.oneof(
  fc.record({ type: fc.constant('exchange' as const), delivery: fc.option(fc.nat(DELIVERIES.length - 1)), answer: fc.nat(ANSWERS.length - 1), end: fc.nat(100_000) }),
  fc.record({ type: fc.constant('decision' as const), of: fc.nat(12), due: fc.array(fc.tuple(fc.constantFrom(...KINDS), fc.option(fc.nat(100_000), { freq: 5 })), { maxLength: 3 }) }),
  fc.record({ type: fc.constant('report' as const), of: fc.nat(12), kind: fc.constantFrom(...KINDS, 'other'), status: fc.constantFrom(202, 200, 500, null), at: fc.nat(100_000), person: fc.nat(3) }),
)

describe('WireCollector', () => {
  it('any number of buckets gives what one index in memory gives', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 80 }), fc.integer({ min: 1, max: 4 }), (lines, buckets) => {
        const collector = new WireCollector(buckets)
        const reference = new WireIndex()
        // Each exchange's delivery, known up front: a decision and its reports carry it whatever their place in the ledger.
        const deliveryOf = new Map(lines.flatMap((item, index) => (item.type === 'exchange' ? [[index + 1, item.delivery === null ? null : DELIVERIES[item.delivery]!] as const] : [])))
        const entries: DeviceEntry[] = []
        const attempts: AttemptRecord[] = []
        let seq = 0
        for (const item of lines) {
          seq++
          if (item.type === 'exchange') {
            const deliveryId = deliveryOf.get(seq)!
            if (deliveryId !== null) attempts.push({ seq, deliveryId, end: item.end, ...ANSWERS[item.answer]! } as unknown as AttemptRecord)
            if (deliveryId !== null) reference.addAttempt({ seq, deliveryId, endVirtualMs: item.end, ...ANSWERS[item.answer]! })
            continue
          }
          // A decision and its reports carry their exchange's delivery id, as the device fleet writes them.
          const base = { schema: 1, kind: 'device', seq, at: iso(0), deviceId: 'dev', personId: `p${item.type === 'report' ? item.person : 0}`, channel: 'apns', exchange: item.of, deliveryId: deliveryOf.get(item.of) ?? null } as const
          const entry: DeviceEntry =
            item.type === 'decision'
              ? { ...base, event: 'decision', virtualAt: iso(0), decision: { delivered: true, opened: true, converted: true, reason: null }, due: Object.fromEntries(item.due.map(([kind, at]) => [kind, iso(at)])) }
              : { ...base, event: 'report', virtualAt: iso(item.at), report: item.kind as (typeof KINDS)[number], duplicate: false, status: item.status }
          entries.push(entry)
          collector.device(entry)
        }
        for (const entry of entries) {
          // A report of a kind the collector does not know is left out, as it always was.
          if (entry.event !== 'report' || !(KINDS as readonly string[]).includes(entry.report)) continue
          const decided = entries.filter((other) => other.event === 'decision' && other.exchange === entry.exchange).flatMap((other) => (other.event === 'decision' && other.due[entry.report] !== undefined ? [Date.parse(other.due[entry.report]!)] : []))
          reference.addReport({ deliveryId: entry.deliveryId, personId: entry.personId, report: entry.report, status: entry.status, atMs: decided.length > 0 ? decided.at(-1)! : Date.parse(entry.virtualAt) })
        }
        const campaigns = [DELIVERIES.slice(0, 3), [...DELIVERIES.slice(2), 'never seen']]
        campaigns.forEach((ids, reportIndex) => collector.want(reportIndex, ids))
        // As the wire fold's partition gives them: one bucket's attempts at a time, in ledger order.
        for (let bucket = 0; bucket < buckets; bucket++) {
          for (const attempt of attempts) if (bucketOf(attempt.deliveryId, buckets) === bucket) collector.attempt(attempt)
          collector.bucketDone()
        }
        const wires = collector.finish()
        try {
          campaigns.forEach((ids, reportIndex) => {
            const wireOf = wires.deliveriesOf(reportIndex)
            for (const id of ids) expect(wireOf(id), id).toEqual(reference.delivery(id))
          })
          // In any order (buckets are read one after another); as text, since an unparsable time is NaN.
          const listed = (conversions: readonly { personId: string; atMs: number }[]) => conversions.map(({ personId, atMs }) => `${personId} ${atMs}`).sort()
          expect(listed(wires.conversions)).toEqual(listed(reference.conversions))
        } finally {
          wires.dispose()
        }
      }),
      { numRuns: 500 },
    )
  })

  it('a report takes the due time of its exchange’s last decision, wherever that decision stands', () => {
    const collector = new WireCollector(2)
    const base = { schema: 1, kind: 'device', at: iso(0), deviceId: 'dev', personId: 'p0', channel: 'apns', exchange: 1, deliveryId: 'd0' } as const
    const decision = (seq: number, delivered: number): DeviceEntry => ({ ...base, seq, event: 'decision', virtualAt: iso(0), decision: { delivered: true, opened: false, converted: false, reason: null }, due: { delivered: iso(delivered) } })
    collector.device(decision(2, 5_000))
    collector.device({ ...base, seq: 3, event: 'report', virtualAt: iso(9_000), report: 'delivered', duplicate: false, status: 202 })
    collector.device(decision(4, 7_000))
    collector.want(0, ['d0'])
    for (let bucket = 0; bucket < 2; bucket++) {
      if (bucketOf('d0', 2) === bucket) collector.attempt({ seq: 1, deliveryId: 'd0', end: 100, ...ANSWERS[0] } as unknown as AttemptRecord)
      collector.bucketDone()
    }
    const wires = collector.finish()
    try {
      expect(wires.deliveriesOf(0)('d0').deliveredAt).toBe(Date.parse(iso(7_000)))
    } finally {
      wires.dispose()
    }
  })
})
