import { describe, expect, it } from 'vitest'
import { RULE_SET_NAMES } from '../../scenarios/rule-sets.ts'
import { ruleSetOf } from './rule-sets.ts'

describe('rule set of a case', () => {
  it('maps each family to a rule set a scenario can name; the more specific prefix wins', () => {
    expect(ruleSetOf('retry.limit.apns')).toBe('timeouts-retries')
    expect(ruleSetOf('retry.none-after.dead-address')).toBe('error-effects')
    expect(ruleSetOf('delivery.no-send-after-ttl')).toBe('campaign-rules')
    expect(ruleSetOf('delivery.no-duplicate-accept')).toBe('lifecycle')
    expect(ruleSetOf('metrics.mobile.ctr')).toBe('metrics-mobile')
    expect(ruleSetOf('unknown.case')).toBeUndefined()
    for (const id of ['retry.x', 'timeout.x', 'classification.x', 'delivery.x', 'aggregation.x', 'metrics.web.x', 'metrics.mobile.x', 'metrics.person-status.x', 'metrics.trends.x', 'reports.x', 'rules.x']) {
      expect(RULE_SET_NAMES as readonly string[]).toContain(ruleSetOf(id))
    }
  })
})
