import type { DatabaseSync } from 'node:sqlite'
import type { DeviceEventKind } from '../model/lifecycle.ts'
import type { Store } from './store.ts'
import { changed, int, text, type Row } from './columns.ts'
import { inTransaction } from './transaction.ts'

type EventMethods = Pick<Store, 'recordDeviceEvent' | 'eventsOf' | 'recordConversion' | 'conversionsOf'>

/** Device reports (§6) and conversions (§7), each counted once. */
export function eventRepository(db: DatabaseSync): EventMethods {
  // §6 (interpretation): reports are at-least-once; the unique (delivery, kind) index keeps the first.
  // Selecting from deliveries drops a report about a delivery this store never planned.
  const insertEvent = db.prepare(`
    INSERT OR IGNORE INTO device_events (delivery_id, kind, at) SELECT id, :kind, :at FROM deliveries WHERE id = :deliveryId`)
  const eventsOfCampaign = db.prepare(`
    SELECT e.delivery_id, e.kind, e.at FROM device_events e JOIN deliveries d ON d.id = e.delivery_id
    WHERE d.campaign_id = ? ORDER BY e.at, e.rowid`)
  // §7 "the message nearest the conversion gets it" (interpretation): nearest before it, among the
  // person's messages that reached a provider — a message is a candidate only if one of its deliveries
  // was sent at or before `at` and is accepted (or still awaiting the provider's answer), and the latest
  // such send wins. A send counts from its attempt's start, not from when the answer was read: the
  // device holds the push as soon as the provider took it, and on a busy machine the answer can be read
  // seconds of run time later, after the person already converted. Ties go to the later-planned
  // delivery. A conversion cannot be caused by a notification not yet sent or never sent.
  const nearestMessage = db.prepare(`
    SELECT d.message_id FROM deliveries d JOIN attempts a ON a.delivery_id = d.id AND a.number = d.attempts
    WHERE d.person_id = :personId AND d.state IN ('accepted', 'attempting') AND a.started_at <= :at
    ORDER BY a.started_at DESC, d.rowid DESC LIMIT 1`)
  const insertConversion = db.prepare('INSERT OR IGNORE INTO conversions (person_id, message_id, at) VALUES (?, ?, ?)')
  const conversionsOfCampaign = db.prepare(`
    SELECT c.person_id, c.message_id, c.at FROM conversions c JOIN messages m ON m.id = c.message_id
    WHERE m.campaign_id = ? ORDER BY c.at, c.rowid`)

  return {
    recordDeviceEvent({ deliveryId, kind, at }) {
      return changed(insertEvent.run({ deliveryId, kind, at }))
    },
    eventsOf(campaignId) {
      return (eventsOfCampaign.all(campaignId) as Row[]).map((row) => ({
        deliveryId: text(row, 'delivery_id'),
        kind: text(row, 'kind') as DeviceEventKind,
        at: int(row, 'at'),
      }))
    },
    /** Undefined when no message is a candidate, or when this person's conversion is already on that message (§8: unique per person). */
    recordConversion(personId, at) {
      return inTransaction(db, () => {
        const row = nearestMessage.get({ personId, at }) as Row | undefined
        if (!row) return undefined
        const messageId = text(row, 'message_id')
        return changed(insertConversion.run(personId, messageId, at)) ? { messageId } : undefined
      })
    },
    conversionsOf(campaignId) {
      return (conversionsOfCampaign.all(campaignId) as Row[]).map((row) => ({
        personId: text(row, 'person_id'),
        messageId: text(row, 'message_id'),
        at: int(row, 'at'),
      }))
    },
  }
}
