/**
 * Unsubscribed persons in the figures (push-semantics §10, §3, §8), by hand:
 * p1 is sent and accepted; p2 is unsubscribed with two devices (two
 * suppressed deliveries); p3 is unsubscribed with no device (no delivery).
 */
import { describe, expect, it } from 'vitest'
import { delivery, EMPTY, message } from './metrics-fixture.ts'
import { mobileProfile } from './mobile-profile.ts'
import { personStatusProfile } from './person-status-profile.ts'

const UNSUBSCRIBED = 'person_unsubscribed'
const input = {
  ...EMPTY,
  messages: [message('m1', 'p1', 'a'), message('m2', 'p2', 'a', UNSUBSCRIBED), message('m3', 'p3', 'a', UNSUBSCRIBED)],
  deliveries: [
    delivery('d1', 'm1', 'p1', 'a', 'accepted', { acceptedAt: 1 }),
    delivery('d2', 'm2', 'p2', 'a', 'suppressed', { code: UNSUBSCRIBED }),
    delivery('d3', 'm2', 'p2', 'a', 'suppressed', { code: UNSUBSCRIBED }),
  ],
}

describe('unsubscribed persons', () => {
  it('are not Qualified, and count once per message as a non-technical error, not once per suppressed delivery', () => {
    // Qualified: p1 only. Errors: m2 once (its two deliveries are one stopped message), m3 once.
    expect(mobileProfile(input)).toMatchObject({ qualified: 1, sent: 1, errors: { technical: 0, nonTechnical: 2, byCode: { [UNSUBSCRIBED]: 2 } } })
  })

  it('count in person-status Sends as a suppressed message when they have a device: Failed, out of recipients', () => {
    // m1 Sent; m2 Failed (every delivery suppressed, none bounced: §10) and a send; m3 Failed without a device: no send.
    // Sends 2 (m1, m2); recipients 2 − 1 suppressed = 1; error rate 2 Failed / 3 messages.
    expect(personStatusProfile(input)).toMatchObject({ byStatus: { Sent: 1, Failed: 2 }, sends: 2, recipients: 1, errorRate: (2 / 3) * 100 })
  })
})
