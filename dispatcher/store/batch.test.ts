import { describe, expect, it } from 'vitest'
import type { Store } from './store.ts'
import { person, planOne, type TempDatabase, useTempStore } from './testing/fixtures.ts'

let db: TempDatabase
let store: Store
useTempStore((freshDb, freshStore) => {
  db = freshDb
  store = freshStore
})

describe('batch', () => {
  it('commits every write of the batch together', () => {
    store.batch(() => {
      planOne(store, { campaign: 'c', person: 'a' })
      planOne(store, { campaign: 'c', person: 'b' })
    })
    store.close()
    expect(db.open().messagesOf('c').map((m) => m.personId).sort()).toEqual(['a', 'b'])
  })

  it('a refused write inside a batch undoes only itself', () => {
    planOne(store, { campaign: 'c', person: 'a' })
    const duplicate = planOne(store, { campaign: 'c', person: 'a' })
    store.batch(() => {
      expect(store.insertPlannedMessage(duplicate)).toBe(false)
      planOne(store, { campaign: 'c', person: 'b' })
    })
    expect(store.messagesOf('c').map((m) => m.personId).sort()).toEqual(['a', 'b'])
  })

  it('a throw inside a batch rolls the whole batch back', () => {
    expect(() =>
      store.batch(() => {
        store.upsertPerson(person('x'))
        planOne(store, { campaign: 'c', person: 'x' })
        throw new Error('crash mid-chunk')
      }),
    ).toThrow('crash mid-chunk')
    expect(store.getPerson('x')).toBeUndefined()
    expect(store.messagesOf('c')).toEqual([])
  })
})
