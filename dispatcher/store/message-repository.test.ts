import { describe, expect, it } from 'vitest'
import type { Store } from './store.ts'
import { delivery, message, type TempDatabase, useTempStore } from './testing/fixtures.ts'

let db: TempDatabase
let store: Store
useTempStore((freshDb, freshStore) => {
  db = freshDb
  store = freshStore
})

describe('insertPlannedMessage', () => {
  it('round-trips a message and its deliveries', () => {
    const m = message('m1', 'c1', 'p1', { variantId: 'b', rendered: { title: 'Hi Ada', body: 'B', data: { x: '1' } }, createdAt: 7 })
    const d1 = delivery('d1', m, 'dev1', { notBefore: 50, expiresAt: 3_600_050 })
    const d2 = delivery('d2', m, 'dev2', { channel: 'webpush-safari', state: 'suppressed', code: 'frequency_exceeded', errorClass: null })
    expect(store.insertPlannedMessage({ message: m, deliveries: [d1, d2] })).toBe(true)
    expect(store.getMessage('m1')).toStrictEqual(m)
    expect(store.messagesOf('c1')).toStrictEqual([m])
    expect(store.deliveriesOfMessage('m1')).toStrictEqual([d1, d2])
    expect(store.deliveriesOf('c1')).toStrictEqual([d1, d2])
    expect(store.getDelivery('d2')).toStrictEqual(d2)
  })

  it('round-trips a control-group message and a failed one (no variant, no content)', () => {
    const control = message('m1', 'c1', 'p1', { variantId: null, control: true, rendered: null })
    const failed = message('m2', 'c1', 'p2', { rendered: null, failure: 'missing_template_variable' })
    store.insertPlannedMessage({ message: control, deliveries: [] })
    store.insertPlannedMessage({ message: failed, deliveries: [] })
    expect(store.messagesOf('c1')).toStrictEqual([control, failed])
  })

  it('is idempotent per campaign and person: a second plan writes nothing', () => {
    const first = message('m1', 'c1', 'p1')
    store.insertPlannedMessage({ message: first, deliveries: [delivery('d1', first, 'dev1')] })
    const replay = message('m2', 'c1', 'p1')
    expect(store.insertPlannedMessage({ message: replay, deliveries: [delivery('d2', replay, 'dev1')] })).toBe(false)
    expect(store.getMessage('m2')).toBeUndefined()
    expect(store.getDelivery('d2')).toBeUndefined()
    expect(store.deliveriesOf('c1').map((d) => d.id)).toEqual(['d1'])
    // The same person in another campaign is another message.
    const other = message('m3', 'c2', 'p1')
    expect(store.insertPlannedMessage({ message: other, deliveries: [] })).toBe(true)
  })

  it('writes nothing when a delivery id is taken', () => {
    const first = message('m1', 'c1', 'p1')
    store.insertPlannedMessage({ message: first, deliveries: [delivery('d1', first, 'dev1')] })
    const clash = message('m2', 'c1', 'p2')
    expect(store.insertPlannedMessage({ message: clash, deliveries: [delivery('d2', clash, 'dev2'), delivery('d1', clash, 'dev2')], countSendOn: '2025-01-01' })).toBe(false)
    expect([store.getMessage('m2'), store.getDelivery('d2'), store.sendsOn('p2', '2025-01-01')]).toEqual([undefined, undefined, 0])
  })

  it('counts the send in the same transaction when asked, once', () => {
    const m = message('m1', 'c1', 'p1')
    store.insertPlannedMessage({ message: m, deliveries: [], countSendOn: '2025-03-09' })
    store.insertPlannedMessage({ message: m, deliveries: [], countSendOn: '2025-03-09' })
    store.insertPlannedMessage({ message: message('m2', 'c2', 'p1'), deliveries: [] })
    expect(store.sendsOn('p1', '2025-03-09')).toBe(1)
  })
})

it('unknown ids read as undefined or empty', () => {
  expect([store.getMessage('x'), store.getDelivery('x')]).toEqual([undefined, undefined])
  expect([store.messagesOf('x'), store.deliveriesOf('x'), store.deliveriesOfMessage('x')]).toEqual([[], [], []])
})

it('counts deliveries by state, per campaign or overall, with every state present', () => {
  const a = message('m1', 'c1', 'p1')
  const b = message('m2', 'c2', 'p1')
  store.insertPlannedMessage({ message: a, deliveries: [delivery('d1', a, 'x'), delivery('d2', a, 'y'), delivery('d3', a, 'z', { state: 'suppressed' })] })
  store.insertPlannedMessage({ message: b, deliveries: [delivery('d4', b, 'x', { state: 'expired' })] })
  const none = { pending: 0, attempting: 0, accepted: 0, bounced: 0, failed: 0, suppressed: 0, expired: 0 }
  expect(store.countByState('c1')).toStrictEqual({ ...none, pending: 2, suppressed: 1 })
  expect(store.countByState()).toStrictEqual({ ...none, pending: 2, suppressed: 1, expired: 1 })
  expect(store.countByState('nothing')).toStrictEqual(none)
})
