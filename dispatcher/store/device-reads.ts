import type { DatabaseSync } from 'node:sqlite'
import { int, type Row } from './columns.ts'
import { toDevice } from './people-repository.ts'
import type { Store } from './store.ts'

/**
 * Every device with its last status (§7), page by page in rowid order (the order devices were first
 * identified), so a harness reads a million devices without either side holding them. The cursor is
 * the last rowid of a page; a full page may have a successor, a short one is the last.
 */
export function deviceReads(db: DatabaseSync): Pick<Store, 'devicesPage'> {
  const page = db.prepare('SELECT rowid AS cursor, * FROM devices WHERE rowid > ? ORDER BY rowid LIMIT ?')
  return {
    devicesPage(after, limit) {
      const rows = page.all(after, limit) as Row[]
      return { items: rows.map(toDevice), next: rows.length === limit && rows.length > 0 ? int(rows[rows.length - 1]!, 'cursor') : null }
    },
  }
}
