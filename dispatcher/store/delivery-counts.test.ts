import { DatabaseSync } from 'node:sqlite'
import { describe, expect, it } from 'vitest'
import type { Store } from './store.ts'
import { acceptedOutcome, bouncedOutcome, planOne, type TempDatabase, useTempStore } from './testing/fixtures.ts'

let db: TempDatabase
let store: Store
useTempStore((freshDb, freshStore) => {
  db = freshDb
  store = freshStore
})

/** The counts as a full scan of the deliveries gives them: what the kept counters must equal. */
function recount(campaignId: string): Record<string, number> {
  const raw = new DatabaseSync(db.path)
  try {
    const rows = raw.prepare('SELECT state, COUNT(*) AS n FROM deliveries WHERE campaign_id = ? GROUP BY state').all(campaignId) as { state: string; n: number }[]
    return Object.fromEntries(rows.map((row) => [row.state, row.n]))
  } finally {
    raw.close()
  }
}

const nonZero = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0))

describe('delivery counts kept by the schema', () => {
  it('equal a recount through plans, replays, claims, attempts, expiry and a rolled-back batch', () => {
    for (const person of ['a', 'b', 'c', 'd']) planOne(store, { campaign: 'c', person, deliveryOverrides: { expiresAt: person === 'd' ? 5_000 : null } })
    planOne(store, { campaign: 'c', person: 'a' })
    planOne(store, { campaign: 'other', person: 'a' })
    const [first, second] = store.claimDue(2_000, 2)
    store.recordAttempt(acceptedOutcome(first!.delivery.id, 1, 2_100))
    store.recordAttempt(bouncedOutcome(second!.delivery.id, 1, 2_100))
    expect(store.expireDue(6_000)).toBe(1)
    expect(() =>
      store.batch(() => {
        planOne(store, { campaign: 'c', person: 'e' })
        store.claimDue(7_000, 1)
        throw new Error('crash mid-batch')
      }),
    ).toThrow('crash mid-batch')
    expect(nonZero(store.countByState('c'))).toEqual({ accepted: 1, bounced: 1, expired: 1, pending: 1 })
    expect(nonZero(store.countByState('c'))).toEqual(recount('c'))
    expect(store.countByState().pending).toBe(2)
  })

  it('are recounted when a database from before the counters is opened', () => {
    for (const person of ['a', 'b']) planOne(store, { campaign: 'c', person })
    store.claimDue(2_000, 1)
    store.close()
    // A version 2 database: no counters yet.
    const raw = new DatabaseSync(db.path)
    raw.exec('DROP TRIGGER delivery_counted; DROP TRIGGER delivery_recounted; DROP TRIGGER delivery_uncounted; DROP TABLE delivery_counts; PRAGMA user_version = 2')
    raw.close()
    const reopened = db.open()
    // The crash recovery of the reopen put the claimed delivery back to pending, through the counters.
    expect(nonZero(reopened.countByState('c'))).toEqual({ pending: 2 })
    expect(nonZero(reopened.countByState('c'))).toEqual(recount('c'))
  })
})
