import { errorCountsOf } from './errors.ts'
import { clicksWithKnownViews, factsOf, viewsOf } from './facts.ts'
import type { MetricsInput } from './input.ts'
import type { WebPushProfile } from './profiles.ts'
import { rate } from './rate.ts'

/**
 * Web push profile (push-semantics §8): Sent = deliveries the push service accepted; Views and
 * Clicks = deliveries with a `delivered` (shown) / `opened` (clicked) report, once each;
 * CTR = Clicks / Views × 100; errors by code as in errors.ts. Safari sends no view reports (§6),
 * so its views are absent from Views, not counted as zero views, and an all-Safari scope has
 * Views and CTR null (§10); an open implies a view (§10, facts.ts).
 */
export function webPushProfile(input: MetricsInput): WebPushProfile {
  const facts = factsOf(input)
  const views = viewsOf(facts)
  const clicks = facts.firstReport.opened.size
  return { sent: facts.sent.length, views, clicks, ctr: rate(clicksWithKnownViews(facts), views), errorsByCode: errorCountsOf(facts, input).byCode }
}
