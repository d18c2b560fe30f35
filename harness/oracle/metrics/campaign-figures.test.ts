/**
 * The oracle's figures for the reports, hand-computed from the hand
 * fixtures: errors by code × channel with the answer behind each, uplift
 * against the control group, and the keys where a dispatcher's claims differ.
 */
import { describe, expect, it } from 'vitest'
import type { CampaignClaims, CampaignFacts } from '../aggregation/facts/model.ts'
import { figuresOf } from './campaign-figures.ts'
import { delivery, message, mobileCampaign } from './hand-fixtures.test-support.ts'
import { mobileFigures } from './mobile-profile.ts'
import { variantScope } from './scope.ts'

const facts = (messages = mobileCampaign()): CampaignFacts => ({ campaignId: 'c1', profile: 'mobile', targeting: 'all-devices', messages })

/** A dispatcher that reports exactly what the oracle computes, trends and statuses included. */
function truthfulClaims(campaign: CampaignFacts): CampaignClaims {
  const figures = figuresOf(campaign, { campaignId: 'c1', statuses: [], metrics: {}, variants: {}, trends: { day: [], week: [], month: [] } })
  const statuses = Object.entries(figures.statuses).flatMap(([status, count]) => Array.from({ length: count }, (_, i) => ({ messageId: `${status}${i}`, personId: 'p', status })))
  // The oracle keeps mobile errors flat (`byCode.x`); a dispatcher nests them, as the contract says.
  const nest = (figures: Record<string, unknown>) => {
    const errors = figures.errors as Record<string, number>
    const byCode = Object.fromEntries(Object.entries(errors).filter(([key]) => key.startsWith('byCode.')).map(([key, count]) => [key.slice(7), count]))
    return { ...figures, errors: { technical: errors.technical, nonTechnical: errors.nonTechnical, byCode } }
  }
  return { campaignId: 'c1', statuses, metrics: nest(figures.overall), variants: Object.fromEntries(Object.entries(figures.variants).map(([id, scope]) => [id, nest(scope)])), trends: figures.trends }
}

describe('the oracle’s campaign figures for the reports', () => {
  it('errors by code and channel carry the provider answer behind them; a frequency-capped message counts once, on no channel', () => {
    const bounced = { ...delivery('apns', { outcome: 'bounced', code: 'apns_token_format' }), answer: '400 BadDeviceToken' }
    const capped = [delivery('apns', { outcome: 'suppressed', code: 'frequency_exceeded' }), delivery('fcm', { outcome: 'suppressed', code: 'frequency_exceeded' })]
    const campaign = facts([message('a', 'A', [bounced]), message('b', 'A', [{ ...bounced, id: 'x2', answer: '400 BadDeviceToken' }]), message('c', 'A', capped), message('d', 'A', [delivery('fcm', { outcome: 'failed', code: 'server_issue' })])])
    const { errors } = figuresOf(campaign, truthfulClaims(campaign))
    expect(errors).toEqual([
      { code: 'apns_token_format', meaning: expect.any(String), channel: 'apns', count: 2, answers: { '400 BadDeviceToken': 2 } },
      { code: 'frequency_exceeded', meaning: expect.any(String), channel: 'message', count: 1, answers: { none: 1 } },
      { code: 'server_issue', meaning: expect.any(String), channel: 'fcm', count: 1, answers: { none: 1 } },
    ])
  })

  it('uplift: persons sent against the control group (p1, p2, p4 sent, all converted; none of the two held out)', () => {
    // Sent persons: p1, p2, p4 (p3 bounced, p7 suppressed) = 3, all converted: 100 %; control p5, p6: 0 %.
    expect(figuresOf(facts(), truthfulClaims(facts())).uplift).toEqual({ sentPersons: 3, sentConverted: 3, controlPersons: 2, controlConverted: 0, points: 100 })
  })

  it('the profile’s figures overall and per variant are the metric cases’ own; a truthful dispatcher differs nowhere, a wrong one where it is wrong', () => {
    const campaign = facts()
    const truthful = truthfulClaims(campaign)
    const figures = figuresOf(campaign, truthful)
    expect(figures.overall).toEqual(mobileFigures(campaign.messages))
    expect(figures.variants.B).toEqual(mobileFigures(variantScope(campaign.messages, 'B')))
    expect(figures.differences).toEqual([])
    const wrong: CampaignClaims = {
      ...truthful,
      metrics: { ...(truthful.metrics as object), sent: 99, ctr: (truthful.metrics as { ctr: number }).ctr + 0.004 },
      variants: { ...truthful.variants, A: { ...(truthful.variants.A as object), clicks: 0 } },
      trends: { ...truthful.trends, day: [] },
      statuses: truthful.statuses.slice(1),
    }
    // A rate within §8's 0.005 points is no difference; the dropped status is the first one listed.
    expect(figuresOf(campaign, wrong).differences).toEqual(['overall.sent', 'variant.A.clicks', ...figures.trends.day.map((row) => `trends.day.${row.period}`), `statuses.${truthful.statuses[0]!.status}`])
  })
})
