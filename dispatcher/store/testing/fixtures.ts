import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Campaign, Device, Person } from '../../model/entities.ts'
import type { Delivery, Message } from '../../model/lifecycle.ts'
import type { AttemptOutcome, PlannedMessage, Store } from '../store.ts'
import { openStore } from '../sqlite-store.ts'
import { afterEach, beforeEach } from 'vitest'

/** Test builders for the store's tests: explicit ids and instants, nothing random. */

export interface TempDatabase {
  path: string
  open(): Store
  /** Closes every store opened here and deletes the directory. */
  remove(): void
}

/** A fresh database and open store for each test, removed after; `bind` hands them to the test's variables. */
export function useTempStore(bind: (db: TempDatabase, store: Store) => void): void {
  let db: TempDatabase | undefined
  beforeEach(() => {
    db = tempDatabase()
    bind(db, db.open())
  })
  afterEach(() => db?.remove())
}

export function tempDatabase(): TempDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'dispatcher-store-'))
  const path = join(dir, 'dispatcher.db')
  const opened: Store[] = []
  return {
    path,
    open() {
      const store = openStore(path)
      opened.push(store)
      return store
    },
    remove() {
      for (const store of opened) store.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export function person(id: string, overrides: Partial<Person> = {}): Person {
  return { id, properties: { name: `Name ${id}` }, timezone: 'Europe/Paris', test: false, unsubscribed: false, ...overrides }
}

export function device(id: string, personId: string, overrides: Partial<Device> = {}): Omit<Device, 'lastStatus' | 'bounceStreak'> {
  return { id, personId, channel: 'apns', platform: 'ios', address: { kind: 'token', token: `token-${id}` }, sdk: true, lastSeenAt: 1_000, ...overrides }
}

export function campaign(id: string, overrides: Partial<Campaign> = {}): Campaign {
  return {
    id,
    name: `Campaign ${id}`,
    targeting: 'all-devices',
    variants: [{ id: 'a', share: 1, content: { title: 'Hello', body: 'World' } }],
    rules: {},
    profile: 'mobile',
    createdAt: 1_000,
    ...overrides,
  }
}

export function message(id: string, campaignId: string, personId: string, overrides: Partial<Message> = {}): Message {
  return { id, campaignId, personId, variantId: 'a', control: false, rendered: { title: 'Hello', body: 'World' }, failure: null, createdAt: 1_000, ...overrides }
}

export function delivery(id: string, of: Message, deviceId: string, overrides: Partial<Delivery> = {}): Delivery {
  return {
    id,
    messageId: of.id,
    campaignId: of.campaignId,
    personId: of.personId,
    deviceId,
    channel: 'apns',
    variantId: 'a',
    state: 'pending',
    attempts: 0,
    notBefore: 1_000,
    expiresAt: null,
    providerId: `provider-${id}`,
    trackingToken: `tracking-${id}`,
    code: null,
    errorClass: null,
    acceptedAt: null,
    ...overrides,
  }
}

/** Stores a person with one device and a message with one delivery to it; returns what was planned. */
export function planOne(store: Store, ids: { campaign: string; person: string; deliveryOverrides?: Partial<Delivery> }): PlannedMessage {
  const personId = ids.person
  store.upsertPerson(person(personId))
  const stored = store.upsertDevice(device(`dev-${personId}`, personId, { channel: ids.deliveryOverrides?.channel ?? 'apns' }))
  const planned = message(`msg-${ids.campaign}-${personId}`, ids.campaign, personId)
  const plan = { message: planned, deliveries: [delivery(`del-${ids.campaign}-${personId}`, planned, stored.id, ids.deliveryOverrides)] }
  store.insertPlannedMessage(plan)
  return plan
}

export function acceptedOutcome(deliveryId: string, attempt: number, finishedAt: number): AttemptOutcome {
  return {
    deliveryId, attempt, finishedAt, status: 200, code: 'accepted', errorClass: null, retryAfterMs: null,
    next: { state: 'accepted', notBefore: finishedAt, code: null, errorClass: null }, device: 'accepted',
  }
}

export function bouncedOutcome(deliveryId: string, attempt: number, finishedAt: number): AttemptOutcome {
  return {
    deliveryId, attempt, finishedAt, status: 410, code: 'push_unreg', errorClass: 'dead-address', retryAfterMs: null,
    next: { state: 'bounced', notBefore: finishedAt, code: 'push_unreg', errorClass: 'dead-address' }, device: 'bounced',
  }
}
