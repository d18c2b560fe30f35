import { describe, expect, it } from 'vitest'
import { byVariant } from './by-variant.ts'
import { at, CAMPAIGN, delivery, EMPTY, message } from './metrics-fixture.ts'
import type { MetricsInput } from './input.ts'
import { mobileProfile } from './mobile-profile.ts'

describe('mobileProfile', () => {
  it('counts the campaign by hand', () => {
    // Qualified p1..p8 (control p5 and deviceless p7 included). Sent d1 d2 d4; impressions d1 d2 d4;
    // clicks d1 d4. Converted: p1, p3 (p5 is held out). Persons sent: p1, p3.
    // p1 converted (3 Mar 10:00) after d1 was delivered (2 Mar) and opened (3 Mar 09:00): view- and click-through.
    // p3 converted (9 Mar 00:15) after d4 was delivered (00:10) but before it was opened (00:20): view-through only.
    expect(mobileProfile(CAMPAIGN)).toEqual({
      qualified: 8,
      sent: 3,
      impressions: 3,
      impressionRate: 100,
      clicks: 2,
      clickRate: (2 / 3) * 100,
      ctr: (2 / 3) * 100,
      convertedUsers: 2,
      errors: { technical: 2, nonTechnical: 2, byCode: { apns_token_format: 1, server_issue: 1, frequency_exceeded: 1, missing_template_variable: 1 } },
      controlGroup: 1,
      viewThroughConversion: 100,
      clickThroughConversion: 50,
      impressionsByOs: { iOS: 1, Android: 2 },
      impressionsByDevice: { 'iPhone 15': 1, 'Pixel 8': 2 },
    })
  })

  it('per variant', () => {
    const variants = byVariant(CAMPAIGN, mobileProfile)
    expect(Object.keys(variants)).toEqual(['a', 'b'])
    // b: p3, p4, p7 qualified; d4 sent and seen and clicked; p3 converted after the view, before the click.
    expect(variants.b).toEqual({
      qualified: 3,
      sent: 1,
      impressions: 1,
      impressionRate: 100,
      clicks: 1,
      clickRate: 100,
      ctr: 100,
      convertedUsers: 1,
      errors: { technical: 1, nonTechnical: 1, byCode: { server_issue: 1, missing_template_variable: 1 } },
      controlGroup: 0,
      viewThroughConversion: 100,
      clickThroughConversion: 0,
      impressionsByOs: { Android: 1 },
      impressionsByDevice: { 'Pixel 8': 1 },
    })
    // a: p1, p2, p6, p8; d1 d2 sent and seen, d1 clicked; p1 converted after both.
    expect(variants.a).toMatchObject({ qualified: 4, sent: 2, impressions: 2, clicks: 1, clickRate: 50, ctr: 50, convertedUsers: 1, viewThroughConversion: 100, clickThroughConversion: 100, impressionsByOs: { iOS: 1, Android: 1 } })
  })

  it('a Safari click before a conversion is a view-through conversion too: its view is unknown to Views, not to the person', () => {
    // p1's only device is Safari: no delivered report, an open at 10:05, a conversion at 10:10.
    const safari: MetricsInput = {
      messages: [message('m1', 'p1', 'a')],
      deliveries: [delivery('d1', 'm1', 'p1', 'a', 'accepted', { acceptedAt: at(2, 10), channel: 'webpush-safari' })],
      events: [{ deliveryId: 'd1', kind: 'opened', at: at(2, 10, 5) }],
      conversions: [{ personId: 'p1', messageId: 'm1', at: at(2, 10, 10) }],
    }
    expect(mobileProfile(safari)).toMatchObject({ impressions: null, clicks: 1, clickThroughConversion: 100, viewThroughConversion: 100 })
  })

  it('rates are null, not 0, when nothing was sent or seen', () => {
    const heldOutOnly = { ...EMPTY, messages: [message('m1', 'p1', null), message('m2', 'p2', 'a', 'missing_template_variable')] }
    expect(mobileProfile(heldOutOnly)).toEqual({
      qualified: 2,
      sent: 0,
      impressions: 0,
      impressionRate: null,
      clicks: 0,
      clickRate: null,
      ctr: null,
      convertedUsers: 0,
      errors: { technical: 0, nonTechnical: 1, byCode: { missing_template_variable: 1 } },
      controlGroup: 1,
      viewThroughConversion: null,
      clickThroughConversion: null,
      impressionsByOs: {},
      impressionsByDevice: {},
    })
  })

  it('splits impressions of devices without OS or model as unknown', () => {
    const input = { ...EMPTY, deliveries: [{ id: 'd1', messageId: 'm1', personId: 'p1', variantId: 'a', state: 'accepted' as const, code: null, errorClass: null, acceptedAt: 0 }], events: [{ deliveryId: 'd1', kind: 'delivered' as const, at: 1 }] }
    expect(mobileProfile(input)).toMatchObject({ impressionsByOs: { unknown: 1 }, impressionsByDevice: { unknown: 1 } })
  })
})
