import { FINAL_DELIVERY_STATES } from '../model/lifecycle.ts'
import { DELIVERY_CODE, MESSAGE_FAILURE } from '../rules/plan-codes.ts'
import type { Facts } from './facts.ts'
import type { MetricsInput } from './input.ts'

/**
 * Failure reasons that are not provider errors (push-semantics §3): the planner's and the engine's
 * codes. Any other code on a failed delivery came from a provider answer and is technical.
 */
export const NON_TECHNICAL_CODES: ReadonlySet<string> = new Set([
  MESSAGE_FAILURE.missingTemplateVariable,
  MESSAGE_FAILURE.personUnsubscribed,
  MESSAGE_FAILURE.invalidTimezone,
  MESSAGE_FAILURE.invalidCampaignRules,
  MESSAGE_FAILURE.noVariant,
  DELIVERY_CODE.frequencyExceeded,
  DELIVERY_CODE.safariMissingDeepLink,
  'credentials_not_found',
  'person_not_found',
])

export interface ErrorCounts {
  technical: number
  nonTechnical: number
  byCode: Record<string, number>
}

/**
 * Errors of §8 (technical and non-technical), one per failing delivery or deliveryless message:
 * - a delivery that ended failed, bounced or expired, under its code (expired without one: `expired`):
 *   the reading `expired-errors` = counted, since a TTL run out in an outage fails it as the retry limit would;
 * - a suppressed delivery whose suppression is an error: "frequency exceeded" (§9), once per
 *   stopped message, not per device (§10: the cap counts messages per person); other
 *   suppressions (DND discard, cut-off, suppressed device) are rules working, not errors;
 * - a message that failed before any delivery (missing template variable, unsubscribed, …),
 *   under its failure; a person with no device is Undeliverable, not an error;
 * - an unsubscribed person's message (§3 "the person is unsubscribed"), once per message, as
 *   "frequency exceeded": its suppressed deliveries (§10) are one stopped message.
 */
export function errorCountsOf(facts: Facts, input: MetricsInput): ErrorCounts {
  const counts: ErrorCounts = { technical: 0, nonTechnical: 0, byCode: {} }
  const add = (code: string, technical: boolean) => {
    counts.byCode[code] = (counts.byCode[code] ?? 0) + 1
    if (technical) counts.technical += 1
    else counts.nonTechnical += 1
  }
  const cappedMessages = new Set<string>()
  for (const delivery of input.deliveries) {
    if (!FINAL_DELIVERY_STATES.has(delivery.state) || delivery.state === 'accepted') continue
    if (delivery.state === 'suppressed') {
      if (delivery.code === DELIVERY_CODE.frequencyExceeded) {
        if (!cappedMessages.has(delivery.messageId)) add(delivery.code, false)
        cappedMessages.add(delivery.messageId)
      }
      continue
    }
    const code = delivery.code ?? delivery.state
    add(code, !NON_TECHNICAL_CODES.has(code))
  }
  for (const message of facts.messages) {
    if (message.failure === null || message.failure === MESSAGE_FAILURE.noDevice) continue
    if (message.failure === MESSAGE_FAILURE.personUnsubscribed || (facts.deliveriesOf.get(message.id) ?? []).length === 0) add(message.failure, false)
  }
  return counts
}
