import { DatabaseSync } from 'node:sqlite'
import type { Store } from './store.ts'
import { campaignRepository } from './campaign-repository.ts'
import { deliveryLifecycle } from './delivery-lifecycle.ts'
import { eventRepository } from './event-repository.ts'
import { messageRepository } from './message-repository.ts'
import { deviceReads } from './device-reads.ts'
import { pageReads } from './page-reads.ts'
import { peopleRepository } from './people-repository.ts'
import { inTransaction } from './transaction.ts'
import { applySchema } from './schema.ts'
import { sendsRepository } from './sends-repository.ts'

export interface StoreOptions {
  /** How long a write waits for another connection's lock before failing (PRAGMA busy_timeout). */
  busyTimeoutMs?: number
}

/**
 * Opens (creating if needed) the dispatcher's SQLite database at `path`
 * (a file, or `:memory:`), prepares every statement once, and puts any
 * delivery a killed process left `attempting` back to pending before the
 * first claim — so a restart resumes without losing or double-counting one.
 */
export function openStore(path: string, options: StoreOptions = {}): Store {
  const db = new DatabaseSync(path)
  applySchema(db, options.busyTimeoutMs)
  const sends = sendsRepository(db)
  const { recoverInterrupted, ...lifecycle } = deliveryLifecycle(db)
  recoverInterrupted()
  return {
    ...peopleRepository(db),
    ...campaignRepository(db),
    ...messageRepository(db, sends.countSend),
    ...pageReads(db),
    ...deviceReads(db),
    ...lifecycle,
    ...eventRepository(db),
    ...sends,
    batch: (work) => inTransaction(db, work),
    close() {
      if (db.isOpen) db.close()
    },
  }
}
