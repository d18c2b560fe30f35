import { describe, expect, it } from 'vitest'
import { byVariant } from './by-variant.ts'
import { CAMPAIGN, EMPTY, delivery, message } from './metrics-fixture.ts'
import { webPushProfile } from './web-push-profile.ts'

describe('webPushProfile', () => {
  it('counts the campaign by hand', () => {
    // Sent: d1 d2 d4. Views: d1 (reported twice, once counted) d2 d4. Clicks: d1 d4 (d4 twice; dx is not ours).
    // Errors: d3 bounced apns_token_format, d5 failed server_issue, d6 suppressed by the frequency cap,
    // m4 failed before any delivery; m7 (no device) is not an error, d7 is still attempting.
    expect(webPushProfile(CAMPAIGN)).toEqual({
      sent: 3,
      views: 3,
      clicks: 2,
      ctr: (2 / 3) * 100,
      errorsByCode: { apns_token_format: 1, server_issue: 1, frequency_exceeded: 1, missing_template_variable: 1 },
    })
  })

  it('per variant (the control group is in neither)', () => {
    expect(byVariant(CAMPAIGN, webPushProfile)).toEqual({
      a: { sent: 2, views: 2, clicks: 1, ctr: 50, errorsByCode: { apns_token_format: 1, frequency_exceeded: 1 } },
      b: { sent: 1, views: 1, clicks: 1, ctr: 100, errorsByCode: { server_issue: 1, missing_template_variable: 1 } },
    })
  })

  it('CTR is null, not 0, with no views', () => {
    expect(webPushProfile(EMPTY)).toEqual({ sent: 0, views: 0, clicks: 0, ctr: null, errorsByCode: {} })
    // All Safari (no view reports ever): views unknown, not 0, and CTR with them, although there is a click (§10).
    const safari = { ...EMPTY, deliveries: [delivery('s1', 'm1', 'p1', 'a', 'accepted', { acceptedAt: 0, channel: 'webpush-safari' })], events: [{ deliveryId: 's1', kind: 'opened' as const, at: 1 }] }
    expect(webPushProfile(safari)).toMatchObject({ sent: 1, views: null, clicks: 1, ctr: null })
    // Sent, never viewed nor opened, not Safari: views 0, CTR null.
    const unseen = { ...EMPTY, deliveries: [delivery('c1', 'm1', 'p1', 'a', 'accepted', { acceptedAt: 0, channel: 'webpush-chrome' })] }
    expect(webPushProfile(unseen)).toMatchObject({ sent: 1, views: 0, clicks: 0, ctr: null })
  })

  it('counts "frequency exceeded" once per stopped message, not per device (§10)', () => {
    const capped = (id: string) => delivery(id, 'm1', 'p1', 'a', 'suppressed', { code: 'frequency_exceeded', channel: 'webpush-chrome' })
    expect(webPushProfile({ ...EMPTY, deliveries: [capped('c1'), capped('c2')] }).errorsByCode).toEqual({ frequency_exceeded: 1 })
  })

  it('counts an open without a delivered report as a view too (§10: a tap needs a shown notification)', () => {
    const input = { ...EMPTY, deliveries: [delivery('c1', 'm1', 'p1', 'a', 'accepted', { acceptedAt: 0, channel: 'webpush-chrome' })], events: [{ deliveryId: 'c1', kind: 'opened' as const, at: 5 }] }
    expect(webPushProfile(input)).toMatchObject({ sent: 1, views: 1, clicks: 1, ctr: 100 })
  })

  it('leaves Safari out of both sides of CTR; its click still counts in Clicks (§10)', () => {
    const input = {
      ...EMPTY,
      deliveries: [delivery('c1', 'm1', 'p1', 'a', 'accepted', { acceptedAt: 0, channel: 'webpush-chrome' }), delivery('s1', 'm2', 'p2', 'a', 'accepted', { acceptedAt: 0, channel: 'webpush-safari' })],
      events: [{ deliveryId: 'c1', kind: 'delivered' as const, at: 1 }, { deliveryId: 'c1', kind: 'opened' as const, at: 2 }, { deliveryId: 's1', kind: 'opened' as const, at: 2 }],
    }
    expect(webPushProfile(input)).toMatchObject({ sent: 2, views: 1, clicks: 2, ctr: 100 })
  })

  it('counts a failure once: on the deliveries when there are some, else on the message', () => {
    const input = {
      ...EMPTY,
      messages: [message('m1', 'p1', 'a', 'missing_template_variable'), message('m2', 'p2', 'a', 'person_unsubscribed')],
      deliveries: [delivery('d1', 'm1', 'p1', 'a', 'failed', { code: 'missing_template_variable', errorClass: 'configuration' }), delivery('d2', 'm1', 'p1', 'a', 'failed', { code: 'missing_template_variable', errorClass: 'configuration' })],
    }
    expect(webPushProfile(input).errorsByCode).toEqual({ missing_template_variable: 2, person_unsubscribed: 1 })
  })

  it('counts an expired delivery under its last code, or `expired`', () => {
    const expired = {
      ...EMPTY,
      deliveries: [delivery('e1', 'm1', 'p1', 'a', 'expired'), delivery('e2', 'm2', 'p2', 'a', 'expired', { code: 'server_issue', errorClass: 'transient' }), delivery('e3', 'm3', 'p3', 'a', 'suppressed', { code: 'dnd_discarded' })],
    }
    expect(webPushProfile(expired).errorsByCode).toEqual({ expired: 1, server_issue: 1 })
  })
})
