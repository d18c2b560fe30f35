import type { DatabaseSync } from 'node:sqlite'
import type { DeviceEventKind } from '../model/lifecycle.ts'
import type { DeviceEvent, MessageWithFacts, Page, Store } from './store.ts'
import { int, text, type Row } from './columns.ts'
import { toDelivery, toMessage } from './entity-rows.ts'

type PageMethods = Pick<Store, 'deliveriesPage' | 'messagesPage'>

/**
 * A campaign's deliveries and messages page by page, in planning order (rowid), so a report on
 * 100,000 deliveries never sits in memory whole. The cursor is the last rowid of a page. `+campaign_id`
 * keeps SQLite on the rowid range rather than the (campaign, state) index, which would sort the whole
 * campaign for every page.
 */
export function pageReads(db: DatabaseSync): PageMethods {
  const deliveries = db.prepare('SELECT rowid AS cursor, * FROM deliveries WHERE +campaign_id = ? AND rowid > ? ORDER BY rowid LIMIT ?')
  const messages = db.prepare('SELECT rowid AS cursor, * FROM messages WHERE campaign_id = ? AND rowid > ? ORDER BY rowid LIMIT ?')
  // The page's messages are those of the campaign with rowid in (after, last]: the reads below join on that range.
  const inPage = 'SELECT id FROM messages WHERE campaign_id = :campaignId AND rowid > :after AND rowid <= :last'
  const deliveriesOfPage = db.prepare(`SELECT * FROM deliveries WHERE message_id IN (${inPage}) ORDER BY rowid`)
  const eventsOfPage = db.prepare(`
    SELECT e.delivery_id, e.kind, e.at FROM device_events e JOIN deliveries d ON d.id = e.delivery_id
    WHERE d.message_id IN (${inPage}) ORDER BY e.at, e.rowid`)
  const convertedOfPage = db.prepare(`SELECT DISTINCT message_id FROM conversions WHERE message_id IN (${inPage})`)

  return {
    deliveriesPage(campaignId, after, limit) {
      const rows = deliveries.all(campaignId, after, limit) as Row[]
      return { items: rows.map(toDelivery), next: nextCursor(rows, limit) }
    },
    messagesPage(campaignId, after, limit) {
      const rows = messages.all(campaignId, after, limit) as Row[]
      if (rows.length === 0) return { items: [], next: null }
      const range = { campaignId, after, last: int(rows[rows.length - 1]!, 'cursor') }
      const byMessage = groupBy((deliveriesOfPage.all(range) as Row[]).map(toDelivery), (delivery) => delivery.messageId)
      const messageOf = new Map<string, string>()
      for (const [messageId, list] of byMessage) for (const delivery of list) messageOf.set(delivery.id, messageId)
      const events = groupBy(
        (eventsOfPage.all(range) as Row[]).map((row): DeviceEvent => ({ deliveryId: text(row, 'delivery_id'), kind: text(row, 'kind') as DeviceEventKind, at: int(row, 'at') })),
        (event) => messageOf.get(event.deliveryId) ?? '',
      )
      const converted = new Set((convertedOfPage.all(range) as Row[]).map((row) => text(row, 'message_id')))
      const items = rows.map((row): MessageWithFacts => {
        const message = toMessage(row)
        return { message, deliveries: byMessage.get(message.id) ?? [], events: events.get(message.id) ?? [], converted: converted.has(message.id) }
      })
      return { items, next: nextCursor(rows, limit) }
    },
  }
}

/** A full page may have a successor; a short one is the last. */
const nextCursor = (rows: Row[], limit: number): number | null => (rows.length === limit && rows.length > 0 ? int(rows[rows.length - 1]!, 'cursor') : null)

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const k = key(item)
    const list = groups.get(k)
    if (list) list.push(item)
    else groups.set(k, [item])
  }
  return groups
}
