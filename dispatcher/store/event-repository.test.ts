import { beforeEach, describe, expect, it } from 'vitest'
import type { Store } from './store.ts'
import { acceptedOutcome, delivery, device, message, person, planOne, type TempDatabase, useTempStore } from './testing/fixtures.ts'

let db: TempDatabase
let store: Store
useTempStore((freshDb, freshStore) => {
  db = freshDb
  store = freshStore
})

describe('device events', () => {
  it('records each kind once per delivery (reports are at-least-once, §6)', () => {
    const id = planOne(store, { campaign: 'c1', person: 'p' }).deliveries[0]!.id
    expect(store.recordDeviceEvent({ deliveryId: id, kind: 'delivered', at: 10 })).toBe(true)
    expect(store.recordDeviceEvent({ deliveryId: id, kind: 'delivered', at: 11 })).toBe(false)
    expect(store.recordDeviceEvent({ deliveryId: id, kind: 'opened', at: 12 })).toBe(true)
    expect(store.eventsOf('c1')).toStrictEqual([{ deliveryId: id, kind: 'delivered', at: 10 }, { deliveryId: id, kind: 'opened', at: 12 }])
  })

  it('drops a report for an unknown delivery, and lists events per campaign', () => {
    const other = planOne(store, { campaign: 'c2', person: 'p' }).deliveries[0]!.id
    expect(store.recordDeviceEvent({ deliveryId: 'forged', kind: 'opened', at: 1 })).toBe(false)
    store.recordDeviceEvent({ deliveryId: other, kind: 'opened', at: 5 })
    expect(store.eventsOf('c1')).toEqual([])
    expect(store.eventsOf('c2')).toEqual([{ deliveryId: other, kind: 'opened', at: 5 }])
  })
})

describe('conversions', () => {
  /** A message of `campaignId` to person p, accepted at `acceptedAt` (or left pending when null). */
  function messageAcceptedAt(campaignId: string, acceptedAt: number | null): string {
    const m = message(`m-${campaignId}`, campaignId, 'p')
    store.insertPlannedMessage({ message: m, deliveries: [delivery(`d-${campaignId}`, m, 'phone', { notBefore: acceptedAt ?? 1_000_000 })] })
    if (acceptedAt !== null) {
      const [due] = store.claimDue(acceptedAt, 1)
      store.recordAttempt(acceptedOutcome(due!.delivery.id, 1, acceptedAt))
    }
    return m.id
  }

  beforeEach(() => {
    store.upsertPerson(person('p'))
    store.upsertDevice(device('phone', 'p'))
  })

  it('goes to the message with the latest acceptance at or before the conversion (§7 nearest)', () => {
    messageAcceptedAt('older', 100)
    const nearest = messageAcceptedAt('nearest', 300)
    messageAcceptedAt('after', 600)
    messageAcceptedAt('never-sent', null)
    expect(store.recordConversion('p', 500)).toEqual({ messageId: nearest })
    expect(store.conversionsOf('nearest')).toEqual([{ personId: 'p', messageId: nearest, at: 500 }])
    expect(store.conversionsOf('older')).toEqual([])
  })

  it('a send counts from its attempt, not from when its answer was read: a busy dispatcher reads the 200 after the person converted', () => {
    const m = message('m-late', 'late', 'p')
    store.insertPlannedMessage({ message: m, deliveries: [delivery('d-late', m, 'phone', { notBefore: 100 })] })
    const [due] = store.claimDue(100, 1)
    // The device converted at 200; the provider's 200 was read only at 400.
    expect(store.recordConversion('p', 200)).toEqual({ messageId: m.id })
    store.recordAttempt(acceptedOutcome(due!.delivery.id, 1, 400))
    expect(store.conversionsOf('late')).toEqual([{ personId: 'p', messageId: m.id, at: 200 }])
  })

  it('a message whose attempt starts after the conversion never gets it', () => {
    const m = message('m-after', 'after', 'p')
    store.insertPlannedMessage({ message: m, deliveries: [delivery('d-after', m, 'phone', { notBefore: 600 })] })
    store.claimDue(600, 1)
    expect(store.recordConversion('p', 500)).toBeUndefined()
  })

  it('an acceptance at the very instant counts; none before means no conversion', () => {
    const first = messageAcceptedAt('first', 300)
    expect(store.recordConversion('p', 299)).toBeUndefined()
    expect(store.recordConversion('p', 300)).toEqual({ messageId: first })
    expect(store.recordConversion('stranger', 300)).toBeUndefined()
  })

  it('counts once per person and message; a later message can get a later conversion', () => {
    const first = messageAcceptedAt('first', 100)
    expect(store.recordConversion('p', 150)).toEqual({ messageId: first })
    expect(store.recordConversion('p', 160)).toBeUndefined()
    const second = messageAcceptedAt('second', 200)
    expect(store.recordConversion('p', 250)).toEqual({ messageId: second })
    expect(store.conversionsOf('first')).toEqual([{ personId: 'p', messageId: first, at: 150 }])
  })
})
