import { clicksWithKnownViews, distinctCount, factsOf, type Facts, viewsOf } from './facts.ts'
import { MESSAGE_FAILURE } from '../rules/plan-codes.ts'
import { errorCountsOf } from './errors.ts'
import type { MetricsConversion, MetricsInput } from './input.ts'
import type { MobileProfile } from './profiles.ts'
import { rate } from './rate.ts'

/**
 * Persons with a conversion that came at or after a report of this kind on the converting message.
 * A view for view-through is the delivered report or an open (§10: a tap needs a shown notification),
 * Safari's included: its views are unknown to the Views count, but a click proves this one, and
 * click-through conversion can never exceed view-through.
 */
function convertedAfter(facts: Facts, conversions: readonly MetricsConversion[], kind: 'delivered' | 'opened'): number {
  const at = (deliveryId: string) => Math.min(facts.firstReport[kind].get(deliveryId) ?? Infinity, kind === 'delivered' ? (facts.firstReport.opened.get(deliveryId) ?? Infinity) : Infinity)
  const persons = conversions
    .filter((conversion) => (facts.deliveriesOf.get(conversion.messageId) ?? []).some((delivery) => at(delivery.id) <= conversion.at))
    .map((conversion) => conversion.personId)
  return distinctCount(persons)
}

function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1
  return counts
}

/**
 * Mobile push profile (push-semantics §8, the web push vendor's mobile page):
 * - qualified: persons with a message in the campaign, control group included (§9: the control
 *   group is a share of the qualified), unsubscribed persons left out (§10);
 * - sent: accepted deliveries; impressions: deliveries reported delivered; clicks: reported opened
 *   (opened = clicked for push, §5), each once per delivery;
 * - impression rate = impressions / sent, click rate = clicks / sent, CTR = clicks / impressions, Safari's clicks left out (§10);
 * - converted users: persons whose conversion went to a message of the campaign (not held out);
 * - view-through (click-through) conversion = persons who converted at or after a delivered
 *   (opened) report of the message that got the conversion / persons sent (persons with an
 *   accepted delivery);
 * - control group: persons held out; impressions split by device OS and model (`unknown` if unset).
 */
export function mobileProfile(input: MetricsInput): MobileProfile {
  const facts = factsOf(input)
  const counted = new Set(facts.messages.map((message) => message.id))
  const conversions = input.conversions.filter((conversion) => counted.has(conversion.messageId))
  const sent = facts.sent.length
  const impressions = viewsOf(facts)
  const clicks = facts.firstReport.opened.size
  const personsSent = distinctCount(facts.sent.map((delivery) => delivery.personId))
  const impressed = [...facts.firstReport.delivered.keys()].map((id) => facts.deliveryById.get(id)!)
  return {
    qualified: distinctCount([...facts.messages.filter((message) => message.failure !== MESSAGE_FAILURE.personUnsubscribed), ...facts.control].map((message) => message.personId)),
    sent,
    impressions,
    impressionRate: rate(impressions, sent),
    clicks,
    clickRate: rate(clicks, sent),
    ctr: rate(clicksWithKnownViews(facts), impressions),
    convertedUsers: distinctCount(conversions.map((conversion) => conversion.personId)),
    errors: errorCountsOf(facts, input),
    controlGroup: distinctCount(facts.control.map((message) => message.personId)),
    viewThroughConversion: rate(convertedAfter(facts, conversions, 'delivered'), personsSent),
    clickThroughConversion: rate(convertedAfter(facts, conversions, 'opened'), personsSent),
    impressionsByOs: countBy(impressed.map((delivery) => delivery.os ?? 'unknown')),
    impressionsByDevice: countBy(impressed.map((delivery) => delivery.model ?? 'unknown')),
  }
}
