import type { DatabaseSync } from 'node:sqlite'

let savepoints = 0

/**
 * Runs `work` in one write transaction and commits before returning, so a
 * caller acts only on committed state (issue 4 §1). IMMEDIATE takes the write
 * lock up front: a read-then-write body cannot fail half-way on an upgrade.
 * Anything thrown rolls everything back; the repositories throw nothing on
 * bad data, so that only happens on I/O failure. Inside another transaction
 * (`Store.batch`) it is a savepoint, committed with the outer one.
 */
export function inTransaction<T>(db: DatabaseSync, work: () => T): T {
  if (db.isTransaction) return inSavepoint(db, () => ({ keep: true, result: work() })).result
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
  if (db.isTransaction) return inSavepoint(db, () => ({ keep: work(), result: undefined })).keep
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

/** A nested unit: its refusal or failure undoes only its own writes, not the enclosing batch's. */
function inSavepoint<T>(db: DatabaseSync, work: () => { keep: boolean; result: T }): { keep: boolean; result: T } {
  const name = `sp${++savepoints}`
  db.exec(`SAVEPOINT ${name}`)
  try {
    const outcome = work()
    if (!outcome.keep) db.exec(`ROLLBACK TO ${name}`)
    db.exec(`RELEASE ${name}`)
    return outcome
  } catch (error) {
    db.exec(`ROLLBACK TO ${name}`)
    db.exec(`RELEASE ${name}`)
    throw error
  }
}
