import type { DatabaseSync } from 'node:sqlite'
import type { DueDelivery, Store } from './store.ts'
import { changed, int, intOrNull, orNull, text, type Row } from './columns.ts'
import { toAddress, toAttempt, toDelivery, toMessage } from './entity-rows.ts'
import { inTransaction } from './transaction.ts'

type LifecycleMethods = Pick<Store, 'claimDue' | 'nextDueAt' | 'recordAttempt' | 'expireDue' | 'attemptsOf'>

/** Code of an attempt row while its request is out; `interrupted` once a restart finds it unfinished (interpretation). */
export const IN_FLIGHT_CODE = 'in-flight'
export const INTERRUPTED_CODE = 'interrupted'

/**
 * The §5 lifecycle in the store: claim (pending → attempting, counted),
 * record (attempting → next state, with the attempt row and the device's §7
 * bookkeeping in the same transaction), expire, and crash recovery.
 */
export function deliveryLifecycle(db: DatabaseSync): LifecycleMethods & { recoverInterrupted(): number } {
  // Walks deliveries_due in (not_before, rowid) order: oldest due first, ties in planning order.
  // A delivery past its TTL is never handed out (§5: no attempt after TTL); expireDue settles it.
  const selectDue = db.prepare(`
    SELECT d.*, dv.address AS device_address,
      m.id AS m_id, m.campaign_id AS m_campaign_id, m.person_id AS m_person_id, m.variant_id AS m_variant_id,
      m.control AS m_control, m.rendered AS m_rendered, m.failure AS m_failure, m.created_at AS m_created_at, m.send_key AS m_send_key
    FROM deliveries d
    JOIN devices dv ON dv.id = d.device_id
    JOIN messages m ON m.id = d.message_id
    WHERE d.state = 'pending' AND d.not_before <= :now AND (d.expires_at IS NULL OR d.expires_at >= :now)
      AND (:channels IS NULL OR d.channel IN (SELECT value FROM json_each(:channels)))
    ORDER BY d.not_before, d.rowid
    LIMIT :limit`)
  const claim = db.prepare(`UPDATE deliveries SET state = 'attempting', attempts = attempts + 1 WHERE id = ? AND state = 'pending'`)
  const openAttempt = db.prepare(`
    INSERT OR REPLACE INTO attempts (delivery_id, number, started_at, finished_at, status, code, error_class, retry_after_ms)
    VALUES (?, ?, ?, NULL, NULL, '${IN_FLIGHT_CODE}', NULL, NULL)`)
  const earliestPending = db.prepare(`SELECT MIN(not_before) AS at FROM deliveries WHERE state = 'pending'`)
  const deliveryById = db.prepare('SELECT * FROM deliveries WHERE id = ?')
  // An outcome for an attempt the store never opened (no claim row) still gets a row; its start is unknown, so finishedAt stands in.
  const closeAttempt = db.prepare(`
    INSERT INTO attempts (delivery_id, number, started_at, finished_at, status, code, error_class, retry_after_ms)
    VALUES (:deliveryId, :number, :finishedAt, :finishedAt, :status, :code, :errorClass, :retryAfterMs)
    ON CONFLICT (delivery_id, number) DO UPDATE SET finished_at = excluded.finished_at, status = excluded.status,
      code = excluded.code, error_class = excluded.error_class, retry_after_ms = excluded.retry_after_ms`)
  const settle = db.prepare(`
    UPDATE deliveries SET state = :state, not_before = :notBefore, code = :code, error_class = :errorClass,
      accepted_at = CASE WHEN :state = 'accepted' THEN :finishedAt ELSE accepted_at END
    WHERE id = :id`)
  // §7: accepted → sent (and the bounce streak ends); a bounce → bounced, the second in a row → suppressed.
  // SQLite evaluates every SET expression on the old row, so bounce_streak + 1 is the new streak in both.
  const deviceAccepted = db.prepare(`UPDATE devices SET last_status = 'sent', bounce_streak = 0 WHERE id = ?`)
  const deviceBounced = db.prepare(`
    UPDATE devices SET bounce_streak = bounce_streak + 1,
      last_status = CASE WHEN bounce_streak + 1 >= 2 THEN 'suppressed' ELSE 'bounced' END
    WHERE id = ?`)
  // "Past their expiresAt": expiresAt is the last instant an attempt may start (lifecycle.ts), so expiry is strictly after it.
  // The delivery keeps its last failure's code and class: why it never got through.
  const expire = db.prepare(`UPDATE deliveries SET state = 'expired' WHERE state = 'pending' AND expires_at IS NOT NULL AND expires_at < ?`)
  const attemptsOfDelivery = db.prepare('SELECT * FROM attempts WHERE delivery_id = ? ORDER BY number')
  const interruptAttempts = db.prepare(`
    UPDATE attempts SET code = '${INTERRUPTED_CODE}'
    WHERE finished_at IS NULL AND delivery_id IN (SELECT id FROM deliveries WHERE state = 'attempting')`)
  const releaseAttempting = db.prepare(`UPDATE deliveries SET state = 'pending' WHERE state = 'attempting'`)

  return {
    claimDue(now, limit, channels) {
      if (!(limit >= 1) || channels?.length === 0) return []
      return inTransaction(db, () => {
        const rows = selectDue.all({ now, limit: Math.floor(limit), channels: channels ? JSON.stringify(channels) : null }) as Row[]
        const claimed: DueDelivery[] = []
        for (const row of rows) {
          const delivery = { ...toDelivery(row), state: 'attempting' as const, attempts: int(row, 'attempts') + 1 }
          if (!changed(claim.run(delivery.id))) continue
          openAttempt.run(delivery.id, delivery.attempts, now)
          claimed.push({ delivery, address: toAddress(row, 'device_address'), message: toMessage(row, 'm_') })
        }
        return claimed
      })
    },
    nextDueAt() {
      const at = intOrNull(earliestPending.get() as Row, 'at')
      return at ?? undefined
    },
    recordAttempt(outcome) {
      inTransaction(db, () => {
        const row = deliveryById.get(outcome.deliveryId) as Row | undefined
        // Only the outcome of the attempt in flight applies: a repeated or stale one would count a bounce twice.
        if (!row || text(row, 'state') !== 'attempting' || int(row, 'attempts') !== outcome.attempt) return
        const { deliveryId, finishedAt, status, code, errorClass, retryAfterMs, next } = outcome
        closeAttempt.run({ deliveryId, number: outcome.attempt, finishedAt, status: orNull(status), code, errorClass: orNull(errorClass), retryAfterMs: orNull(retryAfterMs) })
        settle.run({ id: deliveryId, state: next.state, notBefore: next.notBefore, code: orNull(next.code), errorClass: orNull(next.errorClass), finishedAt })
        const deviceId = text(row, 'device_id')
        if (outcome.device === 'accepted') deviceAccepted.run(deviceId)
        else if (outcome.device === 'bounced') deviceBounced.run(deviceId)
      })
    },
    expireDue(now) {
      return Number(expire.run(now).changes)
    },
    attemptsOf(deliveryId) {
      return (attemptsOfDelivery.all(deliveryId) as Row[]).map(toAttempt)
    },
    /**
     * At open: a delivery left `attempting` was killed mid-attempt. It goes back to pending with its
     * notBefore and its counted attempt kept (the provider may have seen that request); the next
     * attempt reuses its providerId, so a provider that did take it sees the same notification again.
     */
    recoverInterrupted() {
      return inTransaction(db, () => {
        interruptAttempts.run()
        return Number(releaseAttempting.run().changes)
      })
    },
  }
}
