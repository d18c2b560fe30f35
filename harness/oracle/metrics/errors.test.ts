import { describe, expect, it } from 'vitest'
import type { DeliveryFact, MessageFact } from '../aggregation/facts/model.ts'
import { errorKinds, errorsByCode } from './errors.ts'

const delivery = (id: string, outcome: DeliveryFact['outcome'], code: string | null = null, seqs: number[] = []): DeliveryFact => ({ id, messageId: 'm', personId: 'p', deviceId: id, channel: 'fcm', outcome, acceptedAt: null, deliveredAt: null, openedAt: null, code, seqs })
const message = (messageId: string, failure: string | null, deliveries: DeliveryFact[]): MessageFact => ({ messageId, personId: messageId, variantId: null, control: false, failure, deliveries, convertedAt: null })

describe('errorsByCode, by hand', () => {
  it('counts a message that failed before any delivery once under its reason, and never a person without a device', () => {
    const messages = [
      message('m1', 'missing_template_variable', []), // failed personalisation: one non-technical error
      message('m2', 'missing_template_variable', []),
      message('m3', 'no_device', []), // Undeliverable (§7), not an error
      message('m4', null, [delivery('d1', 'bounced', 'push_unreg'), delivery('d2', 'accepted')]), // one technical error
      message('m5', null, [delivery('d3', 'suppressed', 'frequency_exceeded'), delivery('d4', 'suppressed', 'frequency_exceeded')]), // once per message (§10)
    ]
    const byCode = errorsByCode(messages)
    expect(byCode).toEqual({ missing_template_variable: 2, push_unreg: 1, frequency_exceeded: 1 })
    expect(errorKinds(byCode)).toEqual({ technical: 1, nonTechnical: 3 })
  })

  it('counts an expired delivery as a technical error under its last attempt’s code, or `expired` when never attempted; not at all on the other reading', () => {
    const messages = [
      message('m1', null, [delivery('d1', 'expired', 'fcm_internal_server_error', [3, 9])]), // retried through an outage until the TTL ran out
      message('m2', null, [delivery('d2', 'expired', 'fcm_internal_server_error', [])]), // never attempted: the dispatcher's code does not count
      message('m3', null, [delivery('d3', 'expired', null, [4])]), // attempted, its answer unreadable and no code reported
      message('m4', null, [delivery('d4', 'failed', 'fcm_internal_server_error', [5, 6])]),
    ]
    const counted = errorsByCode(messages)
    expect(counted).toEqual({ fcm_internal_server_error: 2, expired: 2 })
    expect(errorKinds(counted)).toEqual({ technical: 4, nonTechnical: 0 })
    expect(errorsByCode(messages, 'not-counted')).toEqual({ fcm_internal_server_error: 1 })
  })
  it('counts an unsubscribed person’s message once, its suppressed deliveries with it (§3, §10); a frequency-capped one once only', () => {
    const messages = [
      message('m1', 'person_unsubscribed', [delivery('d1', 'suppressed', 'person_unsubscribed'), delivery('d2', 'suppressed', 'person_unsubscribed')]), // two devices, one error
      message('m2', 'person_unsubscribed', []), // no device left to suppress: still the message's error
      message('m3', 'frequency_exceeded', [delivery('d3', 'suppressed', 'frequency_exceeded')]), // counted by the cap's rule, not twice
      message('m4', null, [delivery('d4', 'suppressed', 'dnd_discarded')]), // a rule working, not an error
    ]
    const byCode = errorsByCode(messages)
    expect(byCode).toEqual({ person_unsubscribed: 2, frequency_exceeded: 1 })
    expect(errorKinds(byCode)).toEqual({ technical: 0, nonTechnical: 3 })
  })
})
