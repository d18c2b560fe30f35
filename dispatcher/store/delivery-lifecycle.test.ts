import { describe, expect, it } from 'vitest'
import type { AttemptOutcome, Store } from './store.ts'
import { acceptedOutcome, planOne, type TempDatabase, useTempStore } from './testing/fixtures.ts'

let db: TempDatabase
let store: Store
useTempStore((freshDb, freshStore) => {
  db = freshDb
  store = freshStore
})

const retryOutcome = (deliveryId: string, attempt: number, finishedAt: number, notBefore: number): AttemptOutcome => ({
  deliveryId, attempt, finishedAt, status: 503, code: 'server_issue', errorClass: 'transient', retryAfterMs: 2_000,
  next: { state: 'pending', notBefore, code: 'server_issue', errorClass: 'transient' }, device: 'unchanged',
})

describe('claimDue', () => {
  it('hands out due deliveries oldest notBefore first, ties in planning order, up to the limit', () => {
    planOne(store, { campaign: 'c', person: 'late', deliveryOverrides: { notBefore: 300 } })
    planOne(store, { campaign: 'c', person: 'tie-first', deliveryOverrides: { notBefore: 100 } })
    planOne(store, { campaign: 'c', person: 'tie-second', deliveryOverrides: { notBefore: 100 } })
    planOne(store, { campaign: 'c', person: 'middle', deliveryOverrides: { notBefore: 200 } })
    planOne(store, { campaign: 'c', person: 'future', deliveryOverrides: { notBefore: 1_001 } })
    expect(store.claimDue(1_000, 3).map((due) => due.delivery.personId)).toEqual(['tie-first', 'tie-second', 'middle'])
    expect(store.claimDue(1_000, 3).map((due) => due.delivery.personId)).toEqual(['late'])
    expect(store.claimDue(1_000, 3)).toEqual([])
    expect(store.claimDue(1_001, 3).map((due) => due.delivery.personId)).toEqual(['future'])
  })

  it('filters by channel; an empty channel list or limit claims nothing', () => {
    planOne(store, { campaign: 'c', person: 'a', deliveryOverrides: { channel: 'apns' } })
    planOne(store, { campaign: 'c', person: 'f', deliveryOverrides: { channel: 'fcm' } })
    planOne(store, { campaign: 'c', person: 'w', deliveryOverrides: { channel: 'webpush-chrome' } })
    expect(store.claimDue(1_000, 10, [])).toEqual([])
    expect(store.claimDue(1_000, 0)).toEqual([])
    expect(store.claimDue(1_000, 10, ['webpush-chrome', 'fcm']).map((due) => due.delivery.channel)).toEqual(['fcm', 'webpush-chrome'])
    expect(store.claimDue(1_000, 10).map((due) => due.delivery.channel)).toEqual(['apns'])
  })

  it('moves the delivery to attempting, counts the attempt, and opens an attempt row', () => {
    const plan = planOne(store, { campaign: 'c', person: 'p', deliveryOverrides: { notBefore: 10 } })
    const [due] = store.claimDue(500, 1)
    const expected = { ...plan.deliveries[0]!, state: 'attempting', attempts: 1 }
    expect(due).toStrictEqual({ delivery: expected, address: { kind: 'token', token: 'token-dev-p' }, message: plan.message })
    expect(store.getDelivery(expected.id)).toStrictEqual(expected)
    expect(store.attemptsOf(expected.id)).toStrictEqual([
      { deliveryId: expected.id, number: 1, startedAt: 500, finishedAt: null, status: null, code: 'in-flight', errorClass: null, retryAfterMs: null },
    ])
  })

  it('never hands out a delivery past its expiresAt; at expiresAt it still may go', () => {
    planOne(store, { campaign: 'c', person: 'gone', deliveryOverrides: { expiresAt: 999 } })
    planOne(store, { campaign: 'c', person: 'last-chance', deliveryOverrides: { expiresAt: 1_000 } })
    expect(store.claimDue(1_000, 10).map((due) => due.delivery.personId)).toEqual(['last-chance'])
  })
})

it('nextDueAt is the earliest pending notBefore, undefined when nothing is pending', () => {
  expect(store.nextDueAt()).toBeUndefined()
  planOne(store, { campaign: 'c', person: 'a', deliveryOverrides: { notBefore: 700 } })
  planOne(store, { campaign: 'c', person: 'b', deliveryOverrides: { notBefore: 400 } })
  expect(store.nextDueAt()).toBe(400)
  store.claimDue(400, 1)
  expect(store.nextDueAt()).toBe(700)
  store.claimDue(700, 1)
  expect(store.nextDueAt()).toBeUndefined()
})

describe('recordAttempt', () => {
  it('a retry goes back to pending at its notBefore; the next claim reuses the providerId', () => {
    const plan = planOne(store, { campaign: 'c', person: 'p' })
    const id = plan.deliveries[0]!.id
    store.claimDue(1_000, 1)
    store.recordAttempt(retryOutcome(id, 1, 1_200, 3_200))
    expect(store.getDelivery(id)).toMatchObject({ state: 'pending', attempts: 1, notBefore: 3_200, code: 'server_issue', errorClass: 'transient', acceptedAt: null })
    expect(store.attemptsOf(id)).toStrictEqual([
      { deliveryId: id, number: 1, startedAt: 1_000, finishedAt: 1_200, status: 503, code: 'server_issue', errorClass: 'transient', retryAfterMs: 2_000 },
    ])
    expect(store.getDevice('dev-p')?.lastStatus).toBe('unused')
    expect(store.claimDue(3_199, 1)).toEqual([])
    const [again] = store.claimDue(3_200, 1)
    expect([again?.delivery.attempts, again?.delivery.providerId]).toEqual([2, 'provider-del-c-p'])
  })

  it('accepted sets acceptedAt, clears the code and marks the device sent', () => {
    const id = planOne(store, { campaign: 'c', person: 'p' }).deliveries[0]!.id
    store.claimDue(1_000, 1)
    store.recordAttempt(retryOutcome(id, 1, 1_100, 2_000))
    store.claimDue(2_000, 1)
    store.recordAttempt(acceptedOutcome(id, 2, 2_050))
    expect(store.getDelivery(id)).toMatchObject({ state: 'accepted', attempts: 2, code: null, errorClass: null, acceptedAt: 2_050 })
    expect(store.attemptsOf(id).map((a) => [a.number, a.startedAt, a.finishedAt, a.code])).toEqual([[1, 1_000, 1_100, 'server_issue'], [2, 2_000, 2_050, 'accepted']])
    expect(store.getDevice('dev-p')?.lastStatus).toBe('sent')
  })

  it('ignores an outcome that is not for the attempt in flight (repeated, stale or unclaimed)', () => {
    const id = planOne(store, { campaign: 'c', person: 'p' }).deliveries[0]!.id
    store.recordAttempt(acceptedOutcome(id, 1, 900))
    expect(store.getDelivery(id)?.state).toBe('pending')
    store.claimDue(1_000, 1)
    store.recordAttempt(acceptedOutcome(id, 2, 1_100))
    expect(store.getDelivery(id)?.state).toBe('attempting')
    store.recordAttempt(retryOutcome(id, 1, 1_100, 5_000))
    store.recordAttempt(acceptedOutcome(id, 1, 1_200))
    expect(store.getDelivery(id)).toMatchObject({ state: 'pending', notBefore: 5_000, acceptedAt: null })
    expect(store.attemptsOf(id).map((a) => a.code)).toEqual(['server_issue'])
    store.recordAttempt(acceptedOutcome('no-such-delivery', 1, 1_000))
  })
})

it('expireDue expires pending deliveries strictly past expiresAt, keeping their last code', () => {
  const past = planOne(store, { campaign: 'c', person: 'past', deliveryOverrides: { expiresAt: 1_500 } }).deliveries[0]!.id
  const exact = planOne(store, { campaign: 'c', person: 'exact', deliveryOverrides: { expiresAt: 2_000 } }).deliveries[0]!.id
  const forever = planOne(store, { campaign: 'c', person: 'forever' }).deliveries[0]!.id
  const inFlight = planOne(store, { campaign: 'c', person: 'in-flight', deliveryOverrides: { expiresAt: 1_500 } }).deliveries[0]!.id
  store.claimDue(1_000, 4)
  store.recordAttempt(retryOutcome(past, 1, 1_100, 1_800))
  store.recordAttempt(retryOutcome(exact, 1, 1_100, 1_800))
  store.recordAttempt(retryOutcome(forever, 1, 1_100, 1_800))
  expect(store.expireDue(2_000)).toBe(1)
  expect(store.getDelivery(past)).toMatchObject({ state: 'expired', code: 'server_issue', errorClass: 'transient' })
  expect([exact, forever, inFlight].map((id) => store.getDelivery(id)?.state)).toEqual(['pending', 'pending', 'attempting'])
  expect(store.expireDue(2_000)).toBe(0)
})
