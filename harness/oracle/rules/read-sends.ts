/**
 * Transactional sends owed to unsubscribed persons (§10: they get a message
 * whose deliveries are suppressed), from the run directory's sends.ndjson —
 * whom the run sent each one for, and the message id the dispatcher answered
 * (harness/run/intake-log.ts). Streamed; only the sends to unsubscribed
 * persons with a device are kept, as few as the messages the case judges.
 */
import { createReadStream, existsSync } from 'node:fs'
import { createInterface } from 'node:readline'
import type { RuledMessage, RulesPerson } from './model.ts'

/** harness/run/intake-log.ts SENDS_FILE and campaign-bodies.ts messageCampaignIdOf, as strings: the oracle loads nothing of the runner. */
export const SENDS_FILE = 'sends.ndjson'
export const transactionalCampaignIdOf = (message: string): string => `message-${message}`

export interface OwedSend {
  campaignId: string
  message: string
  key: string
  personId: string
  /** What the dispatcher answered; null: it made no message. */
  messageId: string | null
  /** Its message is in the dispatcher's report of that transactional campaign (set by the reader of reports). */
  reported: boolean
  /** That message with its reported deliveries and their attempts on the wire, judged like a campaign's; absent when the report's deliveries could not be read. */
  found?: RuledMessage
}

export async function readOwedSends(path: string, person: (id: string) => RulesPerson | undefined): Promise<OwedSend[]> {
  if (!existsSync(path)) return []
  const owed: OwedSend[] = []
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity })
  for await (const line of lines) {
    if (line === '') continue
    const send = JSON.parse(line) as { message: string; key: string; personId: string; messageId: string | null }
    const to = person(send.personId)
    if (to?.unsubscribed !== true || (to.channels?.length ?? 0) === 0) continue
    owed.push({ campaignId: transactionalCampaignIdOf(send.message), message: send.message, key: send.key, personId: send.personId, messageId: send.messageId, reported: false })
  }
  return owed
}
