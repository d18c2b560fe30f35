import type { DatabaseSync } from 'node:sqlite'

/**
 * Runs `work` in one write transaction and commits before returning, so a
 * caller acts only on committed state (issue 4 §1). IMMEDIATE takes the write
 * lock up front: a read-then-write body cannot fail half-way on an upgrade.
 * Anything thrown rolls everything back; the repositories throw nothing on
 * bad data, so that only happens on I/O failure.
 */
export function inTransaction<T>(db: DatabaseSync, work: () => T): T {
  db.exec('BEGIN IMMEDIATE')
  try {
    const result = work()
    db.exec('COMMIT')
    return result
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK')
    throw error
  }
}

/** Rolls back what `work` wrote when it returns false: for all-or-nothing writes that refuse politely. */
export function inTransactionOrNothing(db: DatabaseSync, work: () => boolean): boolean {
  db.exec('BEGIN IMMEDIATE')
  try {
    const keep = work()
    db.exec(keep ? 'COMMIT' : 'ROLLBACK')
    return keep
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK')
    throw error
  }
}
