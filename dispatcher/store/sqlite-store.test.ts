import { expect, it } from 'vitest'
import { openStore } from './sqlite-store.ts'
import { person } from './testing/fixtures.ts'

it('opens an in-memory database, and close is safe to repeat', () => {
  const store = openStore(':memory:')
  store.upsertPerson(person('p1'))
  expect(store.getPerson('p1')?.id).toBe('p1')
  store.close()
  expect(() => store.close()).not.toThrow()
})

it('two in-memory stores are separate databases', () => {
  const a = openStore(':memory:')
  const b = openStore(':memory:')
  a.upsertPerson(person('p1'))
  expect(b.getPerson('p1')).toBeUndefined()
  a.close()
  b.close()
})
