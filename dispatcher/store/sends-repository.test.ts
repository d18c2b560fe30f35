import { expect, it } from 'vitest'
import type { Store } from './store.ts'
import { type TempDatabase, useTempStore } from './testing/fixtures.ts'

let db: TempDatabase
let store: Store
useTempStore((freshDb, freshStore) => {
  db = freshDb
  store = freshStore
})

it('sendsOn counts per person and local day', () => {
  store.countSend('p1', '2025-03-09')
  store.countSend('p1', '2025-03-09')
  store.countSend('p1', '2025-03-10')
  store.countSend('p2', '2025-03-09')
  expect([store.sendsOn('p1', '2025-03-09'), store.sendsOn('p1', '2025-03-10'), store.sendsOn('p2', '2025-03-09'), store.sendsOn('p2', '2025-03-10')]).toEqual([2, 1, 1, 0])
})
