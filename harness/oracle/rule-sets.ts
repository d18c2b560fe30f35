/**
 * Which conformance rule set (scenarios/rule-sets.ts, a scenario's
 * `expectations.rules`) a case belongs to, by its id: a run fails on the
 * cases of the rule sets its scenario names, and reports the others.
 */
const BY_PREFIX: readonly (readonly [prefix: string, ruleSet: string])[] = [
  ['retry.none-after.', 'error-effects'],
  ['retry.', 'timeouts-retries'],
  ['timeout.', 'timeouts-retries'],
  ['classification.', 'error-codes'],
  ['delivery.no-send-after-ttl', 'campaign-rules'],
  ['delivery.no-send-after-cutoff', 'campaign-rules'],
  ['delivery.', 'lifecycle'],
  ['aggregation.', 'person-status'],
  ['metrics.web.', 'metrics-webpush'],
  ['metrics.mobile.', 'metrics-mobile'],
  ['metrics.person-status.', 'metrics-person-status'],
  ['metrics.trends.', 'metrics-webpush'],
  ['reports.', 'device-reports'],
  ['rules.', 'campaign-rules'],
]

/** The rule set of a case id, or undefined for a case no rule set claims. */
export function ruleSetOf(caseId: string): string | undefined {
  return BY_PREFIX.find(([prefix]) => caseId.startsWith(prefix))?.[1]
}
