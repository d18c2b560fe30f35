import type { DatabaseSync } from 'node:sqlite'
import type { Store } from './store.ts'
import { int, type Row } from './columns.ts'

type SendMethods = Pick<Store, 'sendsOn' | 'countSend'>

/** Sends per person per local day (§9 global campaign limit); the caller names the day in the person's timezone. */
export function sendsRepository(db: DatabaseSync): SendMethods {
  const sendsOn = db.prepare('SELECT count FROM daily_sends WHERE person_id = ? AND day = ?')
  // One statement, so counting is atomic on its own or inside insertPlannedMessage's transaction.
  const countSend = db.prepare(`
    INSERT INTO daily_sends (person_id, day, count) VALUES (?, ?, 1) ON CONFLICT (person_id, day) DO UPDATE SET count = count + 1`)
  return {
    sendsOn(personId, day) {
      const row = sendsOn.get(personId, day) as Row | undefined
      return row ? int(row, 'count') : 0
    },
    countSend(personId, day) {
      countSend.run(personId, day)
    },
  }
}
