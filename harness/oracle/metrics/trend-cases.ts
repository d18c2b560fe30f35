/**
 * `metrics.trends.<period>`: Sent / Viewed / Clicked per period recomputed
 * from ground-truth virtual times, row by row against the dispatcher's
 * trends (a period missing on one side counts as zeros).
 */
import { CaseBuilder, type CaseResult } from '../case.ts'
import type { CampaignRecord } from '../aggregation/facts/model.ts'
import type { CampaignJudge } from '../aggregation/campaign-judge.ts'
import { PERIODS, trendsOf, type TrendRow } from './trends.ts'

const ZERO: TrendRow = { sent: 0, viewed: 0, clicked: 0 }

export function trendCases(campaigns: readonly CampaignRecord[]): CaseResult[] {
  const judge = trendJudge()
  for (const campaign of campaigns) judge.add(campaign)
  return judge.results()
}

/** The same cases, fed one campaign at a time. */
export function trendJudge(): CampaignJudge {
  const builders = PERIODS.map((period) => ({ period, builder: new CaseBuilder(`metrics.trends.${period}`, `trends per ${period}: sent, viewed, clicked by virtual time`, { document: 'push-semantics.md', section: '§8 web push profile (trends), §10' }) }))
  return {
    add({ facts, claims }) {
      for (const { period, builder } of builders) {
        const reported = claims.trends[period]
        if (!Array.isArray(reported)) {
          builder.check({ campaignId: facts.campaignId, note: `campaign ${facts.campaignId}: no ${period} trends reported` })
          continue
        }
        const expected = trendsOf(facts.messages, period)
        const actual = new Map((reported as (TrendRow & { period: string })[]).map(({ period: key, sent, viewed, clicked }) => [key, { sent, viewed, clicked }]))
        for (const key of [...new Set([...expected.keys(), ...actual.keys()])].sort()) {
          const want = expected.get(key) ?? ZERO
          const got = actual.get(key) ?? ZERO
          const same = want.sent === got.sent && want.viewed === got.viewed && want.clicked === got.clicked
          builder.check(same ? undefined : { campaignId: facts.campaignId, expected: want, actual: got, note: `campaign ${facts.campaignId}, ${period} ${key}: reported ${JSON.stringify(got)}, ground truth ${JSON.stringify(want)}` })
        }
      }
    },
    results: () => builders.map(({ builder }) => builder.result()),
  }
}
