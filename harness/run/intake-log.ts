/**
 * When the harness handed each message to the dispatcher (wall ms): the
 * start of a delivery's end-to-end latency. Keyed by campaign and person for
 * a campaign (one message per person), by message id for a transactional send.
 * And whom each transactional send was for: the run chooses the person (a
 * campaign is given the whole audience), so only the run can tell the oracle
 * whom a transactional message was owed to. Those go to `sends.ndjson` in the
 * run directory, one line per answered send:
 * `{"message","key","personId","messageId"}`, messageId null when the
 * dispatcher made none.
 */
import { createWriteStream, type WriteStream } from 'node:fs'

export const SENDS_FILE = 'sends.ndjson'

export interface TransactionalSend {
  /** The scenario's message name. */
  message: string
  /** The idempotency key the harness sent it under. */
  key: string
  personId: string
  messageId: string | null
}

export interface IntakeLog {
  campaign(campaignId: string, personId: string, wallMs: number): void
  transactional(messageId: string, wallMs: number): void
  /** The intake instant of a delivery's message, if the harness sent it. */
  of(campaignId: string, personId: string, messageId: string): number | undefined
  /** A transactional send the dispatcher answered (written to sends.ndjson when the log has a file). */
  sent(send: TransactionalSend): void
  /** Flushes sends.ndjson. */
  close(): Promise<void>
}

export function createIntakeLog(sendsPath?: string): IntakeLog {
  const byPerson = new Map<string, number>()
  const byMessage = new Map<string, number>()
  const sends: WriteStream | undefined = sendsPath === undefined ? undefined : createWriteStream(sendsPath)
  return {
    campaign: (campaignId, personId, wallMs) => void byPerson.set(`${campaignId}\u0000${personId}`, wallMs),
    transactional: (messageId, wallMs) => void byMessage.set(messageId, wallMs),
    of: (campaignId, personId, messageId) => byMessage.get(messageId) ?? byPerson.get(`${campaignId}\u0000${personId}`),
    sent: (send) => void sends?.write(JSON.stringify(send) + '\n'),
    close: () => new Promise<void>((resolve) => (sends && !sends.writableEnded ? sends.end(resolve) : resolve())),
  }
}
