/** Small hand-built campaign facts for the oracle's hand-computed tests (figures worked out in the tests, not derived). */
import type { DeliveryFact, DeliveryOutcome, MessageFact } from '../aggregation/facts/model.ts'

interface DeliveryInput {
  outcome: DeliveryOutcome
  at?: number
  delivered?: number
  opened?: number
  code?: string
}

let counter = 0
export function delivery(channel: string, input: DeliveryInput): Omit<DeliveryFact, 'messageId' | 'personId'> {
  return { id: `d${++counter}`, deviceId: `dev${counter}`, channel, outcome: input.outcome, acceptedAt: input.outcome === 'accepted' ? (input.at ?? 1000) : null, deliveredAt: input.delivered ?? null, openedAt: input.opened ?? null, code: input.code ?? null, seqs: [counter] }
}

export function message(personId: string, variantId: string | null, deliveries: Omit<DeliveryFact, 'messageId' | 'personId'>[], extra: { control?: boolean; failure?: string; convertedAt?: number } = {}): MessageFact {
  const messageId = `m-${personId}`
  return { messageId, personId, variantId, control: extra.control ?? false, failure: extra.failure ?? null, convertedAt: extra.convertedAt ?? null, deliveries: deliveries.map((fact) => ({ ...fact, messageId, personId })) }
}

/** Web push campaign, variants A and B, one control person. */
export function webCampaign(): MessageFact[] {
  return [
    message('p1', 'A', [delivery('webpush-chrome', { outcome: 'accepted', delivered: 1100, opened: 1200 }), delivery('webpush-safari', { outcome: 'accepted', opened: 1300 })]),
    message('p2', 'A', [delivery('webpush-firefox', { outcome: 'accepted' })]),
    message('p3', 'B', [delivery('webpush-chrome', { outcome: 'bounced', code: 'browser_unsubscribed' }), delivery('webpush-firefox', { outcome: 'accepted', opened: 1400 })]),
    message('p4', 'B', [delivery('webpush-safari', { outcome: 'accepted' })]),
    message('p5', null, [], { control: true }),
    message('p6', 'B', [delivery('webpush-kaios', { outcome: 'failed', code: 'server_issue' })]),
    message('p7', 'B', [delivery('webpush-chrome', { outcome: 'accepted', delivered: 1500 })]),
  ]
}

/** Mobile campaign (all devices), variants A and B, two control persons, one unsubscribed person. */
export function mobileCampaign(): MessageFact[] {
  return [
    message('p1', 'A', [delivery('apns', { outcome: 'accepted', delivered: 2000, opened: 4500 }), delivery('fcm', { outcome: 'accepted', delivered: 1500 })], { convertedAt: 4000 }),
    message('p2', 'A', [delivery('fcm', { outcome: 'accepted' }), delivery('webpush-safari', { outcome: 'accepted', opened: 5000 })], { convertedAt: 6000 }),
    message('p3', 'B', [delivery('apns', { outcome: 'bounced', code: 'apns_token_format' })]),
    message('p4', 'B', [delivery('fcm', { outcome: 'accepted', delivered: 2500 })], { convertedAt: 2000 }),
    message('p5', null, [], { control: true }),
    message('p6', null, [], { control: true }),
    message('p7', 'B', [delivery('apns', { outcome: 'suppressed', code: 'person_unsubscribed' })], { failure: 'person_unsubscribed' }),
  ]
}

/** Transactional messages (last device), one per §7 status but Converted. */
export function personStatusCampaign(): MessageFact[] {
  return [
    message('q1', 'default', [delivery('apns', { outcome: 'accepted' })]),
    message('q2', 'default', [delivery('fcm', { outcome: 'accepted', delivered: 1100 })]),
    message('q3', 'default', [delivery('webpush-chrome', { outcome: 'accepted', delivered: 1100, opened: 1200 })]),
    message('q4', 'default', [delivery('apns', { outcome: 'bounced', code: 'apns_token_format' })]),
    message('q5', 'default', [delivery('fcm', { outcome: 'failed', code: 'missing_template_variable' })], { failure: 'missing_template_variable' }),
    message('q6', 'default', [delivery('fcm', { outcome: 'suppressed', code: 'frequency_exceeded' })]),
    message('q7', 'default', []),
    message('q8', 'default', [delivery('apns', { outcome: 'open' })]),
  ]
}
