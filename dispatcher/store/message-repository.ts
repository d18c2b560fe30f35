import type { DatabaseSync } from 'node:sqlite'
import type { DeliveryState } from '../model/lifecycle.ts'
import type { Store } from './store.ts'
import { changed, int, text, type Row } from './columns.ts'
import { deliveryValues, messageValues, toDelivery, toMessage } from './entity-rows.ts'
import { inTransactionOrNothing } from './transaction.ts'

type MessageMethods = Pick<Store, 'insertPlannedMessage' | 'getMessage' | 'messagesOf' | 'getDelivery' | 'deliveriesOf' | 'deliveriesOfMessage' | 'countByState'>

const NO_DELIVERIES: Readonly<Record<DeliveryState, number>> = { pending: 0, attempting: 0, accepted: 0, bounced: 0, failed: 0, suppressed: 0, expired: 0 }

/** Planned messages with their deliveries, and the reads over them. */
export function messageRepository(db: DatabaseSync, countSend: Store['countSend']): MessageMethods {
  // OR IGNORE: the unique (campaign, person) index of audience messages, and the id (derived from the key)
  // of a transactional one, turn a replayed plan into "no change", not an error.
  const insertMessage = db.prepare(`
    INSERT OR IGNORE INTO messages (id, campaign_id, person_id, variant_id, control, rendered, failure, created_at, send_key)
    VALUES (:id, :campaignId, :personId, :variantId, :control, :rendered, :failure, :createdAt, :sendKey)`)
  const insertDelivery = db.prepare(`
    INSERT OR IGNORE INTO deliveries (id, message_id, campaign_id, person_id, device_id, channel, variant_id, state, attempts,
      not_before, expires_at, provider_id, tracking_token, code, error_class, accepted_at)
    VALUES (:id, :messageId, :campaignId, :personId, :deviceId, :channel, :variantId, :state, :attempts,
      :notBefore, :expiresAt, :providerId, :trackingToken, :code, :errorClass, :acceptedAt)`)
  const messageById = db.prepare('SELECT * FROM messages WHERE id = ?')
  const messagesOfCampaign = db.prepare('SELECT * FROM messages WHERE campaign_id = ? ORDER BY rowid')
  const deliveryById = db.prepare('SELECT * FROM deliveries WHERE id = ?')
  const deliveriesOfCampaign = db.prepare('SELECT * FROM deliveries WHERE campaign_id = ? ORDER BY rowid')
  const deliveriesOfMessage = db.prepare('SELECT * FROM deliveries WHERE message_id = ? ORDER BY rowid')
  // The counts the schema's triggers keep (schema.ts COUNTERS): a poll reads a few rows, not every delivery.
  const countAll = db.prepare('SELECT state, SUM(n) AS n FROM delivery_counts GROUP BY state')
  const countOfCampaign = db.prepare('SELECT state, n FROM delivery_counts WHERE campaign_id = ?')

  return {
    insertPlannedMessage({ message, deliveries, countSendOn }) {
      // All or nothing: a message already planned for this person (or any id already taken) writes nothing.
      return inTransactionOrNothing(db, () => {
        if (!changed(insertMessage.run(messageValues(message)))) return false
        for (const delivery of deliveries) {
          if (!changed(insertDelivery.run(deliveryValues(delivery)))) return false
        }
        if (countSendOn !== undefined) countSend(message.personId, countSendOn)
        return true
      })
    },
    getMessage(id) {
      const row = messageById.get(id) as Row | undefined
      return row && toMessage(row)
    },
    messagesOf(campaignId) {
      return (messagesOfCampaign.all(campaignId) as Row[]).map((row) => toMessage(row))
    },
    getDelivery(id) {
      const row = deliveryById.get(id) as Row | undefined
      return row && toDelivery(row)
    },
    deliveriesOf(campaignId) {
      return (deliveriesOfCampaign.all(campaignId) as Row[]).map(toDelivery)
    },
    deliveriesOfMessage(messageId) {
      return (deliveriesOfMessage.all(messageId) as Row[]).map(toDelivery)
    },
    countByState(campaignId) {
      const rows = (campaignId === undefined ? countAll.all() : countOfCampaign.all(campaignId)) as Row[]
      const counts = { ...NO_DELIVERIES }
      for (const row of rows) {
        const state = text(row, 'state')
        if (state in counts) counts[state as DeliveryState] = int(row, 'n')
      }
      return counts
    },
  }
}
