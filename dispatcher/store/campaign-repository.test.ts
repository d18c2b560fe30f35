import { expect, it } from 'vitest'
import type { Campaign } from '../model/entities.ts'
import type { Store } from './store.ts'
import { campaign, type TempDatabase, useTempStore } from './testing/fixtures.ts'

let db: TempDatabase
let store: Store
useTempStore((freshDb, freshStore) => {
  db = freshDb
  store = freshStore
})

it('round-trips a campaign with its variants in order, its rules and profile', () => {
  const ab: Campaign = campaign('c1', {
    targeting: 'last-device',
    profile: 'webpush',
    createdAt: 42,
    variants: [
      { id: 'z', share: 0.25, content: { title: 'Hi {{name|there}}', body: 'B', deepLink: 'https://x.test/a', actions: [{ id: 'go', title: 'Go' }], data: { k: 'v' } } },
      { id: 'b', share: 0.75, content: { title: 'Yo', body: 'B2', icon: 'i.png', image: 'p.png' } },
    ],
    rules: { frequencyCapPerDay: 2, dnd: { start: '21:00', end: '09:00', mode: 'delay' }, cutoffAt: 99, localTime: '10:00', ttlSeconds: 3600, controlGroupShare: 0.1, testSend: false, capOptOut: true },
  })
  store.createCampaign(ab)
  expect(store.getCampaign('c1')).toStrictEqual(ab)
  expect(store.getCampaign('c2')).toBeUndefined()
})

it('lists campaigns by creation time, then id', () => {
  store.createCampaign(campaign('late', { createdAt: 300 }))
  store.createCampaign(campaign('b', { createdAt: 100 }))
  store.createCampaign(campaign('a', { createdAt: 100 }))
  expect(store.listCampaigns().map((c) => c.id)).toEqual(['a', 'b', 'late'])
})

it('creating a campaign again changes nothing (first write wins)', () => {
  store.createCampaign(campaign('c1', { name: 'First' }))
  store.createCampaign(campaign('c1', { name: 'Second', variants: [{ id: 'other', share: 1, content: { title: 'T', body: 'B' } }] }))
  const stored = store.getCampaign('c1')
  expect(stored?.name).toBe('First')
  expect(stored?.variants.map((v) => v.id)).toEqual(['a'])
})
