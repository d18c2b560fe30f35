/**
 * Conformance rule sets a scenario may ask for (`expectations.rules`), one
 * per section of push-semantics.md whose rules the oracle checks. The
 * oracle's rules land in later slices; the names are fixed now so that
 * scenarios can be validated.
 */
export const RULE_SETS = {
  'timeouts-retries': 'timeouts and retry limits per channel (§2)',
  'error-codes': 'error codes shown to the customer (§3)',
  'error-effects': 'what each error means for the delivery: cleanup, no retry after 410 (§4)',
  lifecycle: 'per-delivery lifecycle (§5)',
  'device-reports': 'device reports counted once, by app state (§6)',
  'person-status': 'person-level status of a message (§7)',
  'metrics-webpush': 'the web push metrics profile (§8)',
  'metrics-mobile': 'the mobile push metrics profile (§8)',
  'metrics-person-status': 'the person-status metrics profile (§8)',
  'campaign-rules': 'frequency cap, DND, cut-off, TTL, control group, variants, personalisation, Safari, test sends (§9)',
} as const

export type RuleSetName = keyof typeof RULE_SETS
export const RULE_SET_NAMES = Object.keys(RULE_SETS) as RuleSetName[]
