/**
 * The mobile push profile (§8, web push vendor's mobile page). Device
 * figures: Sent (accepted deliveries), Impressions (deliveries seen, Safari
 * unknown, §10), Clicks; impression rate and click rate over Sent, CTR over
 * Impressions (Safari out of both sides). Person figures: Qualified
 * (persons of the plan, unsubscribed persons and a test send's other
 * persons left out), control group, converted
 * users, and view- / click-through conversion over persons sent — a person
 * converted "after viewing" when one of the message's deliveries was seen
 * (an open counts as seen) at or before the conversion.
 */
import { isSafari, viewedAt, type MessageFact } from '../aggregation/facts/model.ts'
import { DEFAULT_INTERPRETATIONS, type Interpretations } from '../interpretations.ts'
import { errorKinds, errorsByCode } from './errors.ts'
import type { FigureKinds } from './figure.ts'
import { rate } from './rate.ts'
import { acceptedOf, viewsOf } from './scope.ts'

export const MOBILE_FIGURES: FigureKinds = {
  qualified: 'count',
  sent: 'count',
  impressions: 'count',
  impressionRate: 'rate',
  clicks: 'count',
  clickRate: 'rate',
  ctr: 'rate',
  convertedUsers: 'count',
  errors: 'record',
  controlGroup: 'count',
  viewThroughConversion: 'rate',
  clickThroughConversion: 'rate',
  impressionsByOs: 'record',
  impressionsByDevice: 'record',
}

const UNSUBSCRIBED = 'person_unsubscribed'
/** A test send's message to a person who is not a test profile (§9: test sends go to test profiles only): that person did not qualify. */
const NOT_A_TEST_PROFILE = 'not_a_test_profile'
const OS: Readonly<Record<string, string>> = { apns: 'iOS', fcm: 'Android' }

export function mobileFigures(messages: readonly MessageFact[], interpretations: Interpretations = DEFAULT_INTERPRETATIONS): Record<string, number | null | Record<string, number>> {
  const accepted = acceptedOf(messages)
  const { views, viewed } = viewsOf(accepted)
  const clicked = accepted.filter((delivery) => delivery.openedAt !== null)
  const knowableClicks = clicked.filter((delivery) => !isSafari(delivery.channel)).length
  const unsubscribed = (message: MessageFact) => message.failure === UNSUBSCRIBED || (message.deliveries.length > 0 && message.deliveries.every((delivery) => delivery.code === UNSUBSCRIBED))
  const personsOf = (list: readonly MessageFact[]) => new Set(list.map((message) => message.personId)).size
  const sentMessages = messages.filter((message) => message.deliveries.some((delivery) => delivery.outcome === 'accepted'))
  const converted = sentMessages.filter((message) => message.convertedAt !== null)
  const seenBy = (message: MessageFact, at: (delivery: MessageFact['deliveries'][number]) => number | null) =>
    message.deliveries.some((delivery) => {
      const time = at(delivery)
      return time !== null && time <= message.convertedAt!
    })
  const byCode = errorsByCode(messages, interpretations['expired-errors'])
  const personsSent = personsOf(sentMessages)
  return {
    qualified: personsOf(messages.filter((message) => !unsubscribed(message) && message.failure !== NOT_A_TEST_PROFILE)),
    sent: accepted.length,
    impressions: views,
    impressionRate: rate(views, accepted.length),
    clicks: clicked.length,
    clickRate: rate(clicked.length, accepted.length),
    ctr: rate(knowableClicks, views),
    convertedUsers: personsOf(converted),
    errors: { ...errorKinds(byCode), ...prefixed('byCode.', byCode) },
    controlGroup: personsOf(messages.filter((message) => message.control)),
    viewThroughConversion: rate(personsOf(converted.filter((message) => seenBy(message, viewedAt))), personsSent),
    clickThroughConversion: rate(personsOf(converted.filter((message) => seenBy(message, (delivery) => delivery.openedAt))), personsSent),
    impressionsByOs: countBy(viewed.map((delivery) => OS[delivery.channel] ?? 'Web')),
    impressionsByDevice: countBy(viewed.map((delivery) => delivery.channel)),
  }
}

function countBy(keys: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const key of keys) counts[key] = (counts[key] ?? 0) + 1
  return counts
}

const prefixed = (prefix: string, record: Readonly<Record<string, number>>): Record<string, number> => Object.fromEntries(Object.entries(record).map(([key, value]) => [prefix + key, value]))
