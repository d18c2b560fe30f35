/**
 * aggregation.device-last-status against hand-built ground truth: each
 * address's §7 last status from its attempts in ledger order, compared with
 * a dispatcher's list of devices. A faithful list passes; a device reported
 * `sent` after two bounces in a row, or an address sent to but not listed,
 * fails with the person, device and ledger seqs; a dispatcher without the
 * `devices` capability is skipped as a missing precondition.
 */
import { describe, expect, it } from 'vitest'
import { deviceLastStatusCases } from '../harness/oracle/aggregation/device-last-status.ts'
import { DeviceStatusFold, type ListedDevice } from '../harness/oracle/aggregation/device-status-fold.ts'
import type { RunData } from '../harness/oracle/run-data.ts'
import { exchange } from './support/oracle-timelines.ts'

const bounce = (deliveryId: string, target: string, start: number) => exchange({ deliveryId, target, start, status: 410, reason: 'Unregistered' })
const accept = (deliveryId: string, target: string, start: number) => exchange({ deliveryId, target, start })
const wire = [
  accept('d1', 'tok-sent', 0),
  bounce('d2', 'tok-bounced', 10),
  bounce('d3', 'tok-twice', 20),
  bounce('d4', 'tok-twice', 1_000),
  // A bounce, an acceptance, a bounce: not two in a row.
  bounce('d5', 'tok-broken', 30),
  accept('d6', 'tok-broken', 1_010),
  bounce('d7', 'tok-broken', 2_000),
  // The same delivery answered dead twice is a retry, not a second bounce.
  bounce('d8', 'tok-retried', 40),
  bounce('d8', 'tok-retried', 50),
  exchange({ deliveryId: 'd9', provider: 'webpush', target: 'c4f1', start: 60 }),
  // Not a send: an OAuth token fetch carries no delivery.
  exchange({ deliveryId: null, provider: 'fcm', target: null, start: 70 }),
]

const device = (id: string, token: string, lastStatus: string): ListedDevice => ({ id, personId: id.split('-')[0]!, channel: 'apns', address: { kind: 'token', token }, lastStatus })
const faithful: ListedDevice[] = [
  device('p1-a', 'tok-sent', 'sent'),
  device('p2-a', 'tok-bounced', 'bounced'),
  device('p3-a', 'tok-twice', 'suppressed'),
  device('p4-a', 'tok-broken', 'bounced'),
  device('p5-a', 'tok-retried', 'bounced'),
  device('p6-a', 'tok-never', 'unused'),
  { id: 'p7-web', personId: 'p7', channel: 'webpush-chrome', address: { kind: 'subscription', endpoint: 'https://127.0.0.1:7776/wp/c4f1' }, lastStatus: 'sent' },
]

async function judged(devices: ListedDevice[]) {
  const fold = new DeviceStatusFold()
  for (const each of wire) fold.exchange(each)
  return fold.judge(devices)
}

describe('aggregation.device-last-status', () => {
  it('passes a faithful list: sent, bounced, suppressed after two bounces in a row, unused when never sent', async () => {
    expect(await judged(faithful)).toMatchObject({ id: 'aggregation.device-last-status', verdict: 'pass', checked: 7, violations: 0 })
  })

  it('fails a device reported sent after two bounces in a row, naming person, device and the bounces’ seqs', async () => {
    const wrong = faithful.map((each) => (each.id === 'p3-a' ? { ...each, lastStatus: 'sent' } : each))
    const result = await judged(wrong)
    expect(result).toMatchObject({ verdict: 'fail', checked: 7, violations: 1 })
    expect(result.evidence[0]).toMatchObject({ personId: 'p3', seq: [wire[2]!.seq, wire[3]!.seq], expected: 'suppressed', actual: 'sent' })
    expect(result.evidence[0]!.note).toMatch(/device p3-a of p3 .*2 bounces in a row/)
  })

  it('fails a retried bounce counted twice, a status after bounce–accept–bounce read as in a row, and a used device reported unused', async () => {
    const wrong = faithful.map((each) => (each.id === 'p5-a' || each.id === 'p4-a' ? { ...each, lastStatus: 'suppressed' } : each.id === 'p1-a' ? { ...each, lastStatus: 'unused' } : each))
    const result = await judged(wrong)
    expect(result.violations).toBe(3)
    expect(result.evidence.map((example) => [example.personId, example.expected, example.actual])).toEqual([['p1', 'sent', 'unused'], ['p4', 'bounced', 'suppressed'], ['p5', 'bounced', 'suppressed']])
  })

  it('fails an address sent to that the list lacks', async () => {
    const result = await judged(faithful.filter((each) => each.id !== 'p2-a'))
    expect(result).toMatchObject({ verdict: 'fail', violations: 1 })
    expect(result.evidence[0]).toMatchObject({ seq: [wire[1]!.seq], expected: 'bounced', actual: null })
    expect(result.evidence[0]!.note).toMatch(/apns address tok-bounced was sent to, but the dispatcher lists no device/)
  })

  it('is skipped as a missing precondition when the dispatcher lacks the devices capability', async () => {
    const data = { dir: '/nonexistent', result: { dispatcher: { capabilities: ['clock', 'paged-reads'] } } } as unknown as RunData
    const [result] = await deviceLastStatusCases(data)
    expect(result).toMatchObject({ id: 'aggregation.device-last-status', verdict: 'skipped', reason: expect.stringMatching(/^PRECONDITION_FAILED: .*capability `devices`/) })
  })

  it('reads APNs tokens case-insensitively, as the simulator records them', async () => {
    const fold = new DeviceStatusFold()
    fold.exchange(accept('d1', 'abcdef01', 0))
    expect(await fold.judge([device('p1-a', 'ABCDEF01', 'sent')])).toMatchObject({ verdict: 'pass', checked: 1 })
  })

  it('folds pushes whose target the wire could not read by the device their delivery was planned for', async () => {
    const fold = new DeviceStatusFold()
    for (const each of [bounce('d1', 'x', 0), bounce('d2', 'x', 1_000)]) fold.exchange({ ...each, target: null })
    expect([...fold.unaddressedDeliveries()]).toEqual(['d1', 'd2'])
    fold.resolveUnaddressed(new Map([['d1', 'p1-a'], ['d2', 'p1-a']]))
    const result = await fold.judge([device('p1-a', 'malformed!Xy', 'bounced')])
    expect(result).toMatchObject({ verdict: 'fail', violations: 1 })
    expect(result.evidence[0]).toMatchObject({ personId: 'p1', expected: 'suppressed', actual: 'bounced' })
  })

  it('leaves undecided what the wire cannot tell: an answer the catalogue cannot place, a push with neither delivery nor address', async () => {
    const fold = new DeviceStatusFold()
    // A web push answer from an unknown service: a bounce or not, nobody can say.
    fold.exchange(exchange({ deliveryId: 'd1', provider: 'webpush', flavour: null, target: 'w1', status: 404, start: 0 }))
    // A push to an endpoint the service never issued: no delivery id, no address.
    fold.exchange(exchange({ deliveryId: null, provider: 'webpush', flavour: null, target: null, status: 404, start: 10 }))
    fold.exchange(accept('d2', 'tok-sent', 20))
    const web = (id: string, subscription: string): ListedDevice => ({ id, personId: id.split('-')[0]!, channel: 'webpush-chrome', address: { kind: 'subscription', endpoint: `https://127.0.0.1/wp/${subscription}` }, lastStatus: 'bounced' })
    // Only the APNs device is judged: the web push ones could be anything, and the APNs one is wrong.
    expect(await fold.judge([web('p1-w', 'w1'), web('p2-w', 'w2'), device('p3-a', 'tok-sent', 'unused')])).toMatchObject({ verdict: 'fail', checked: 1, violations: 1 })
    // Nor is an undecided address missing from the list.
    const unlisted = new DeviceStatusFold()
    unlisted.exchange(exchange({ deliveryId: 'd1', provider: 'webpush', flavour: null, target: 'w1', status: 404, start: 0 }))
    expect(await unlisted.judge([])).toMatchObject({ verdict: 'skipped', checked: 0 })
  })
})
