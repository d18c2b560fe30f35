/**
 * Hand-computed figures (push-semantics.md §7, §8, §10): every expected value
 * below was worked out by hand from the fixtures' few deliveries.
 */
import { describe, expect, it } from 'vitest'
import { personStatusOf } from '../aggregation/person-status.ts'
import { delivery, message, mobileCampaign, personStatusCampaign, webCampaign } from './hand-fixtures.test-support.ts'
import { mobileFigures } from './mobile-profile.ts'
import { personStatusFigures } from './person-status-profile.ts'
import { variantScope } from './scope.ts'
import { trendsOf } from './trends.ts'
import { webFigures } from './web-profile.ts'

describe('web push profile (§8, §10)', () => {
  it('overall: Safari out of Views and out of both sides of CTR, its clicks in Clicks; an open without a view report is a view', () => {
    // Accepted: p1 chrome, p1 safari, p2 firefox, p3 firefox, p4 safari, p7 chrome = 6. Viewed (non-Safari): p1 chrome, p3 firefox (open), p7 chrome = 3.
    // Clicks: p1 chrome, p1 safari, p3 firefox = 3; non-Safari clicks 2; CTR = 2 / 3.
    expect(webFigures(webCampaign())).toEqual({ sent: 6, views: 3, clicks: 3, ctr: expect.closeTo(66.667, 2), errorsByCode: { browser_unsubscribed: 1, server_issue: 1 } })
  })
  it('per variant', () => {
    expect(webFigures(variantScope(webCampaign(), 'A'))).toEqual({ sent: 3, views: 1, clicks: 2, ctr: 100, errorsByCode: {} })
    expect(webFigures(variantScope(webCampaign(), 'B'))).toEqual({ sent: 3, views: 2, clicks: 1, ctr: 50, errorsByCode: { browser_unsubscribed: 1, server_issue: 1 } })
  })
  it('all Safari: views unknown (null, not 0) and CTR null', () => {
    const safari = [message('s1', 'A', [delivery('webpush-safari', { outcome: 'accepted', opened: 1200 })]), message('s2', 'A', [delivery('webpush-safari', { outcome: 'accepted' })])]
    expect(webFigures(safari)).toEqual({ sent: 2, views: null, clicks: 1, ctr: null, errorsByCode: {} })
  })
  it('zero denominators: nothing accepted, CTR null', () => {
    const bounced = [message('b1', 'A', [delivery('webpush-firefox', { outcome: 'bounced', code: 'token_invalid' })])]
    expect(webFigures(bounced)).toEqual({ sent: 0, views: 0, clicks: 0, ctr: null, errorsByCode: { token_invalid: 1 } })
  })
  it('frequency exceeded counts once per stopped message, not per device (§10)', () => {
    const capped = [message('f1', 'A', [delivery('apns', { outcome: 'suppressed', code: 'frequency_exceeded' }), delivery('fcm', { outcome: 'suppressed', code: 'frequency_exceeded' })])]
    expect(webFigures(capped).errorsByCode).toEqual({ frequency_exceeded: 1 })
  })
})

describe('mobile push profile (§8, §10)', () => {
  it('overall, with a control group of two and an unsubscribed person left out of Qualified', () => {
    // Qualified p1–p6 (p7 unsubscribed) = 6. Sent: p1 apns, p1 fcm, p2 fcm, p2 safari, p4 fcm = 5. Impressions (non-Safari seen): p1 apns, p1 fcm, p4 fcm = 3.
    // Clicks: p1 apns, p2 safari = 2; non-Safari clicks 1. Persons sent p1, p2, p4 = 3; converted p1, p2, p4.
    // View-through: p1 (seen 1500 ≤ 4000), p2 (Safari open 5000 ≤ 6000) = 2; p4 converted at 2000 before its view at 2500. Click-through: p2 only (p1 opened at 4500 > 4000).
    // Errors: p3's apns_token_format (technical); p7's message, unsubscribed, its one delivery suppressed: one non-technical error (§3).
    expect(mobileFigures(mobileCampaign())).toEqual({
      qualified: 6,
      sent: 5,
      impressions: 3,
      impressionRate: 60,
      clicks: 2,
      clickRate: 40,
      ctr: expect.closeTo(33.333, 2),
      convertedUsers: 3,
      errors: { technical: 1, nonTechnical: 1, 'byCode.apns_token_format': 1, 'byCode.person_unsubscribed': 1 },
      controlGroup: 2,
      viewThroughConversion: expect.closeTo(66.667, 2),
      clickThroughConversion: expect.closeTo(33.333, 2),
      impressionsByOs: { iOS: 1, Android: 2 },
      impressionsByDevice: { apns: 1, fcm: 2 },
    })
  })
  it('per variant A', () => {
    expect(mobileFigures(variantScope(mobileCampaign(), 'A'))).toEqual({
      qualified: 2, sent: 4, impressions: 2, impressionRate: 50, clicks: 2, clickRate: 50, ctr: 50, convertedUsers: 2,
      errors: { technical: 0, nonTechnical: 0 }, controlGroup: 0, viewThroughConversion: 100, clickThroughConversion: 50,
      impressionsByOs: { iOS: 1, Android: 1 }, impressionsByDevice: { apns: 1, fcm: 1 },
    })
  })
  it('per variant B: zero clicks give rates of 0, not null', () => {
    expect(mobileFigures(variantScope(mobileCampaign(), 'B'))).toEqual({
      qualified: 2, sent: 1, impressions: 1, impressionRate: 100, clicks: 0, clickRate: 0, ctr: 0, convertedUsers: 1,
      errors: { technical: 1, nonTechnical: 1, 'byCode.apns_token_format': 1, 'byCode.person_unsubscribed': 1 }, controlGroup: 0, viewThroughConversion: 0, clickThroughConversion: 0,
      impressionsByOs: { Android: 1 }, impressionsByDevice: { fcm: 1 },
    })
  })
  it('zero denominators: a control-only scope has every rate null', () => {
    const figures = mobileFigures([message('c1', null, [], { control: true })])
    expect([figures.impressionRate, figures.clickRate, figures.ctr, figures.viewThroughConversion, figures.clickThroughConversion]).toEqual([null, null, null, null, null])
    expect([figures.qualified, figures.controlGroup, figures.sent]).toEqual([1, 1, 0])
  })
})

describe('person-status profile (§7, §8, §10)', () => {
  it('statuses, Sends without the bad payload, recipients = sends − suppressed − bounced, error rate over all messages', () => {
    expect(personStatusCampaign().map(personStatusOf)).toEqual(['Sent', 'Delivered', 'Opened', 'Bounced', 'Failed', 'Failed', 'Undeliverable', 'Attempted'])
    expect(personStatusFigures(personStatusCampaign())).toEqual({
      byStatus: { Undeliverable: 1, Attempted: 1, Sent: 1, Bounced: 1, Failed: 2, Delivered: 1, Opened: 1, Converted: 0 },
      sends: 6,
      recipients: 4,
      errorRate: 25,
    })
  })
  it('no messages: error rate null', () => {
    expect(personStatusFigures([]).errorRate).toBeNull()
  })
})

describe('all-devices aggregation (§7 interpretations)', () => {
  const statusOf = (...outcomes: Parameters<typeof delivery>[1][]) => personStatusOf(message('x', 'A', outcomes.map((input) => delivery('fcm', input))))
  it.each([
    ['accepted + bounced', [{ outcome: 'accepted' }, { outcome: 'bounced' }], 'Sent'],
    ['bounced + suppressed', [{ outcome: 'bounced' }, { outcome: 'suppressed' }], 'Bounced'],
    ['bounced + failed', [{ outcome: 'bounced' }, { outcome: 'failed' }], 'Failed'],
    ['accepted + still open', [{ outcome: 'accepted' }, { outcome: 'open' }], 'Attempted'],
    ['all suppressed', [{ outcome: 'suppressed' }, { outcome: 'suppressed' }], 'Failed'],
    ['failed + accepted and delivered', [{ outcome: 'failed' }, { outcome: 'accepted', delivered: 5 }], 'Delivered'],
  ] as const)('%s → %s', (_, outcomes, expected) => {
    expect(statusOf(...outcomes)).toBe(expected)
  })
})

describe('trends (§8): periods by virtual time, UTC, weeks from Monday', () => {
  it('sent when accepted, viewed when first seen (never Safari), clicked when opened', () => {
    const messages = [
      message('t1', 'A', [delivery('fcm', { outcome: 'accepted', at: Date.parse('2026-02-28T23:00:00Z'), delivered: Date.parse('2026-03-01T10:00:00Z'), opened: Date.parse('2026-03-02T08:00:00Z') })]),
      message('t2', 'A', [delivery('webpush-safari', { outcome: 'accepted', at: Date.parse('2026-03-02T09:00:00Z'), opened: Date.parse('2026-03-02T09:05:00Z') })]),
    ]
    const rows = (period: 'day' | 'week' | 'month') => Object.fromEntries(trendsOf(messages, period))
    expect(rows('day')).toEqual({ '2026-02-28': { sent: 1, viewed: 0, clicked: 0 }, '2026-03-01': { sent: 0, viewed: 1, clicked: 0 }, '2026-03-02': { sent: 1, viewed: 0, clicked: 2 } })
    expect(rows('week')).toEqual({ '2026-02-23': { sent: 1, viewed: 1, clicked: 0 }, '2026-03-02': { sent: 1, viewed: 0, clicked: 2 } })
    expect(rows('month')).toEqual({ '2026-02-01': { sent: 1, viewed: 0, clicked: 0 }, '2026-03-01': { sent: 1, viewed: 1, clicked: 2 } })
  })
})
