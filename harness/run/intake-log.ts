/**
 * When the harness handed each message to the dispatcher (wall ms): the
 * start of a delivery's end-to-end latency. Keyed by campaign and person for
 * a campaign (one message per person), by message id for a transactional send.
 */
export interface IntakeLog {
  campaign(campaignId: string, personId: string, wallMs: number): void
  transactional(messageId: string, wallMs: number): void
  /** The intake instant of a delivery's message, if the harness sent it. */
  of(campaignId: string, personId: string, messageId: string): number | undefined
}

export function createIntakeLog(): IntakeLog {
  const byPerson = new Map<string, number>()
  const byMessage = new Map<string, number>()
  return {
    campaign: (campaignId, personId, wallMs) => void byPerson.set(`${campaignId}\u0000${personId}`, wallMs),
    transactional: (messageId, wallMs) => void byMessage.set(messageId, wallMs),
    of: (campaignId, personId, messageId) => byMessage.get(messageId) ?? byPerson.get(`${campaignId}\u0000${personId}`),
  }
}
