import { describe, expect, it } from 'vitest'
import type { Store } from './store.ts'
import { device, person, type TempDatabase, useTempStore } from './testing/fixtures.ts'

let db: TempDatabase
let store: Store
useTempStore((freshDb, freshStore) => {
  db = freshDb
  store = freshStore
})

describe('persons', () => {
  it('round-trips properties, timezone and flags, and updates in place', () => {
    const ada = person('p1', { properties: { name: 'Ada', age: 36, vip: true, nickname: null }, timezone: 'Asia/Tokyo', test: true, unsubscribed: false })
    store.upsertPerson(ada)
    expect(store.getPerson('p1')).toStrictEqual(ada)
    store.upsertPerson({ ...ada, unsubscribed: true, properties: { name: 'Ada L.' } })
    expect(store.getPerson('p1')).toStrictEqual({ ...ada, unsubscribed: true, properties: { name: 'Ada L.' } })
    expect(store.getPerson('nobody')).toBeUndefined()
  })
})

describe('devices', () => {
  it('round-trips a token device and a web push subscription, new devices unused', () => {
    const phone = device('d1', 'p1', { os: 'iOS 18', model: 'iPhone 15', lastSeenAt: 5_000 })
    const browser = device('d2', 'p1', {
      channel: 'webpush-firefox', platform: 'web', sdk: false,
      address: { kind: 'subscription', endpoint: 'https://push.example/abc', p256dh: 'BPk', auth: 'xyz' },
    })
    expect(store.upsertDevice(phone)).toStrictEqual({ ...phone, lastStatus: 'unused', bounceStreak: 0 })
    store.upsertDevice(browser)
    expect(store.getDevice('d2')).toStrictEqual({ ...browser, lastStatus: 'unused', bounceStreak: 0 })
    expect(store.devicesOf('p1').map((d) => d.id)).toEqual(['d1', 'd2'])
    expect(store.devicesOf('p2')).toEqual([])
    expect(store.getDevice('nope')).toBeUndefined()
  })

  it('keeps explicit bookkeeping when given', () => {
    const stored = store.upsertDevice({ ...device('d1', 'p1'), lastStatus: 'bounced', bounceStreak: 1 })
    expect([stored.lastStatus, stored.bounceStreak]).toEqual(['bounced', 1])
  })

  it('identifying the same address again resets a suppressed device to unused (§7)', () => {
    store.upsertDevice({ ...device('d1', 'p1'), lastStatus: 'suppressed', bounceStreak: 2 })
    const again = store.upsertDevice({ ...device('d1', 'p1'), lastSeenAt: 9_000 })
    expect([again.lastStatus, again.bounceStreak, again.lastSeenAt]).toEqual(['unused', 0, 9_000])
  })

  it('identifying again leaves a sent device sent', () => {
    store.upsertDevice({ ...device('d1', 'p1'), lastStatus: 'sent', bounceStreak: 0 })
    expect(store.upsertDevice(device('d1', 'p1')).lastStatus).toBe('sent')
  })

  it('the same address under a new id is the same device: one row, its first id, the new owner', () => {
    store.upsertDevice({ ...device('d1', 'p1', { address: { kind: 'token', token: 'shared' } }), lastStatus: 'suppressed', bounceStreak: 2 })
    const again = store.upsertDevice(device('d9', 'p2', { address: { kind: 'token', token: 'shared' } }))
    expect([again.id, again.personId, again.lastStatus]).toEqual(['d1', 'p2', 'unused'])
    expect(store.getDevice('d9')).toBeUndefined()
    expect(store.devicesOf('p1')).toEqual([])
  })

  it('the same token on another channel is another device', () => {
    store.upsertDevice(device('d1', 'p1', { channel: 'apns', address: { kind: 'token', token: 't' } }))
    store.upsertDevice(device('d2', 'p1', { channel: 'fcm', platform: 'android', address: { kind: 'token', token: 't' } }))
    expect(store.devicesOf('p1').map((d) => d.id)).toEqual(['d1', 'd2'])
  })

  it('a new address under a known id starts unused, and the old address is free', () => {
    store.upsertDevice({ ...device('d1', 'p1', { address: { kind: 'token', token: 'old' } }), lastStatus: 'sent', bounceStreak: 0 })
    const moved = store.upsertDevice(device('d1', 'p1', { address: { kind: 'token', token: 'new' } }))
    expect([moved.lastStatus, moved.address]).toEqual(['unused', { kind: 'token', token: 'new' }])
    expect(store.upsertDevice(device('d2', 'p1', { address: { kind: 'token', token: 'old' } })).id).toBe('d2')
  })

  it('a subscription is identified by its endpoint; rotated keys update it', () => {
    const endpoint = 'https://push.example/e1'
    store.upsertDevice({ ...device('w1', 'p1', { channel: 'webpush-chrome', platform: 'web', address: { kind: 'subscription', endpoint, p256dh: 'k1', auth: 'a1' } }), lastStatus: 'suppressed', bounceStreak: 2 })
    const again = store.upsertDevice(device('w2', 'p1', { channel: 'webpush-chrome', platform: 'web', address: { kind: 'subscription', endpoint, p256dh: 'k2', auth: 'a2' } }))
    expect([again.id, again.lastStatus, again.address]).toEqual(['w1', 'unused', { kind: 'subscription', endpoint, p256dh: 'k2', auth: 'a2' }])
  })
})
