import { describe, expect, it } from 'vitest'
import type { MessageFact } from '../aggregation/facts/model.ts'
import { mobileFigures } from './mobile-profile.ts'

const message = (messageId: string, failure: string | null, control = false): MessageFact => ({ messageId, personId: `p-${messageId}`, variantId: null, control, failure, deliveries: [], convertedAt: null })

describe('mobile profile Qualified, by hand', () => {
  it('leaves out unsubscribed persons and, in a test send, the persons who are not test profiles; keeps the control group', () => {
    const messages = [message('m1', null), message('m2', 'missing_template_variable'), message('m3', null, true), message('m4', 'person_unsubscribed'), message('m5', 'not_a_test_profile'), message('m6', 'not_a_test_profile')]
    expect(mobileFigures(messages).qualified).toBe(3)
  })
})
