/**
 * The person-status profile (§8, mobile vendor): messages per §7 status;
 * Sends = messages with a valid payload and at least one device (bounced and
 * suppressed ones included); recipients = sends − suppressed − bounced;
 * error rate = Failed / all messages × 100. "Suppressed" is a message whose
 * every delivery was suppressed; a bad payload is a missing template
 * variable.
 */
import type { MessageFact } from '../aggregation/facts/model.ts'
import { PERSON_STATUSES, statusReader, type StatusReadings } from '../aggregation/person-status.ts'
import { DEFAULT_INTERPRETATIONS } from '../interpretations.ts'
import type { FigureKinds } from './figure.ts'
import { rate } from './rate.ts'

export const PERSON_STATUS_FIGURES: FigureKinds = { byStatus: 'record', sends: 'count', recipients: 'count', errorRate: 'rate' }

const BAD_PAYLOAD = 'missing_template_variable'

export function personStatusFigures(messages: readonly MessageFact[], readings: StatusReadings = DEFAULT_INTERPRETATIONS): Record<string, number | null | Record<string, number>> {
  const personStatusOf = statusReader(readings)
  const byStatus: Record<string, number> = Object.fromEntries(PERSON_STATUSES.map((status) => [status, 0]))
  for (const message of messages) byStatus[personStatusOf(message)]!++
  const badPayload = (message: MessageFact) => message.failure === BAD_PAYLOAD || message.deliveries.every((delivery) => delivery.code === BAD_PAYLOAD && delivery.outcome !== 'accepted')
  const sent = messages.filter((message) => message.deliveries.length > 0 && !badPayload(message))
  const suppressed = sent.filter((message) => message.deliveries.every((delivery) => delivery.outcome === 'suppressed')).length
  const bounced = sent.filter((message) => personStatusOf(message) === 'Bounced').length
  return { byStatus, sends: sent.length, recipients: sent.length - suppressed - bounced, errorRate: rate(byStatus.Failed!, messages.length) }
}
