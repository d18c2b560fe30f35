/**
 * Joins the plan with the wire and the devices into campaign facts (pure:
 * read-run.ts gathers the inputs). The plan — messages, deliveries, control
 * group, variants — is the dispatcher's decision; whether a delivery was
 * accepted or bounced, and what its device reported, is the wire's and the
 * ledger's. A final state the wire cannot show (suppressed, expired, a
 * failure before any attempt) is taken from the plan.
 */
import type { CampaignFacts, DeliveryFact, DeliveryOutcome, MessageFact, Profile, Targeting } from './model.ts'
import { dashboardCodeOf, type WireAnswer } from './wire-class.ts'
import { WireIndex, type Conversion, type DeliveryWire } from './wire-index.ts'

export interface PlannedCampaign {
  campaignId: string
  profile: Profile
  targeting: Targeting
  messages: { messageId: string; personId: string; variantId: string | null; control: boolean; failure: string | null }[]
  deliveries: { id: string; messageId: string; personId: string; deviceId: string; channel: string; state: string; code: string | null }[]
}

/** One exchange, joined to its delivery by tracking.ndjson; `endVirtualMs` is when its outcome reached the dispatcher. */
export interface WireAttempt extends WireAnswer {
  seq: number
  deliveryId: string
  endVirtualMs: number
}

/** A device report the dispatcher answered (any status); `atMs` is the device's own virtual time for the event. */
export interface ReportFact {
  deliveryId: string | null
  personId: string
  report: 'delivered' | 'opened' | 'converted'
  status: number | null
  atMs: number
}

export function buildFacts(plans: readonly PlannedCampaign[], attempts: readonly WireAttempt[], reports: readonly ReportFact[]): CampaignFacts[] {
  const index = new WireIndex()
  for (const attempt of attempts) index.addAttempt(attempt)
  for (const report of reports) index.addReport(report)
  const campaigns = plans.map((plan) => campaignFacts(plan, index.deliveriesOf()))
  const messages = campaigns.flatMap((campaign) => campaign.messages)
  const converted = attributeConversions(messages.map((message) => ({ key: message, personId: message.personId, sentAt: sentAt(message.deliveries) })), index.conversions)
  for (const [message, at] of converted) message.convertedAt = at
  return campaigns
}

/** One campaign's facts from its plan and what the wire shows of its deliveries; `convertedAt(i)` is the conversion §7 attributes to its i-th message (attributeConversions). */
export function campaignFacts(plan: PlannedCampaign, wireOf: (deliveryId: string) => DeliveryWire, convertedAt: (messageIndex: number) => number | null = () => null): CampaignFacts {
  const deliveries = groupBy(plan.deliveries, (delivery) => delivery.messageId)
  const messages = plan.messages.map(
    (message, messageIndex): MessageFact => ({
      ...message,
      convertedAt: convertedAt(messageIndex),
      deliveries: (deliveries.get(message.messageId) ?? []).map((planned) => deliveryFact(planned, wireOf(planned.id))),
    }),
  )
  return { campaignId: plan.campaignId, profile: plan.profile, targeting: plan.targeting, messages }
}

function deliveryFact(planned: PlannedCampaign['deliveries'][number], wire: DeliveryWire): DeliveryFact {
  const { acceptedAt, dead } = wire
  const outcome: DeliveryOutcome = acceptedAt !== null ? 'accepted' : dead ? 'bounced' : outcomeWithoutAcceptance(planned.state, wire.seqs.length > 0)
  // The last attempt decides the code (§3), a timeout after an earlier 503 included; an expired delivery's too.
  const failing = dead ?? wire.last
  const wireCode = (outcome === 'bounced' || outcome === 'failed' || outcome === 'expired') && failing !== undefined ? dashboardCodeOf(failing) : null
  return {
    id: planned.id,
    messageId: planned.messageId,
    personId: planned.personId,
    deviceId: planned.deviceId,
    channel: planned.channel,
    outcome,
    acceptedAt,
    // A report counts only on a delivery the wire shows accepted: nothing else reached a device.
    deliveredAt: acceptedAt !== null ? wire.deliveredAt : null,
    openedAt: acceptedAt !== null ? wire.openedAt : null,
    code: outcome === 'accepted' ? null : (wireCode ?? planned.code),
    ...(outcome !== 'accepted' && failing !== undefined ? { answer: answerText(failing) } : {}),
    seqs: wire.seqs,
  }
}

/** An answer as people read it: `410 Unregistered`, or how the exchange ended when no status came back (`abandoned`, `refused`). */
const answerText = (attempt: WireAnswer): string => (attempt.status > 0 ? `${attempt.status}${attempt.reason ? ` ${attempt.reason}` : ''}` : attempt.outcome)

/** No acceptance and no dead address on the wire: the plan says why, unless it claims what the wire does not show. */
function outcomeWithoutAcceptance(state: string, attempted: boolean): DeliveryOutcome {
  if (state === 'pending' || state === 'attempting') return 'open'
  if (state === 'expired') return 'expired'
  if (state === 'suppressed' && !attempted) return 'suppressed'
  return 'failed'
}

/** When a message was sent: its earliest acceptance; null when none of its deliveries was accepted. */
export function sentAt(deliveries: readonly { acceptedAt: number | null }[]): number | null {
  const times = deliveries.map((delivery) => delivery.acceptedAt).filter((at): at is number => at !== null)
  return times.length === 0 ? null : Math.min(...times)
}

/**
 * §7: a conversion goes to the person's message nearest before it, across
 * campaigns — the one whose first acceptance is latest at or before the
 * conversion. A message sent after the conversion never gets it. `sent`
 * lists the messages in campaign order; the earliest conversion of each
 * message that gets one comes back under its key.
 */
export function attributeConversions<K>(sent: Iterable<{ key: K; personId: string; sentAt: number | null }>, conversions: readonly Conversion[]): Map<K, number> {
  const converting = new Set(conversions.map((conversion) => conversion.personId))
  const sentMessages = new Map<string, { key: K; sentAt: number }[]>()
  for (const { key, personId, sentAt } of sent) {
    if (sentAt === null || !converting.has(personId)) continue
    const list = sentMessages.get(personId) ?? []
    list.push({ key, sentAt })
    sentMessages.set(personId, list)
  }
  const convertedAt = new Map<K, number>()
  for (const conversion of conversions) {
    let nearest: { key: K; sentAt: number } | undefined
    for (const candidate of sentMessages.get(conversion.personId) ?? []) {
      if (candidate.sentAt <= conversion.atMs && (nearest === undefined || candidate.sentAt > nearest.sentAt)) nearest = candidate
    }
    if (nearest !== undefined) convertedAt.set(nearest.key, Math.min(convertedAt.get(nearest.key) ?? Infinity, conversion.atMs))
  }
  return convertedAt
}

export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const list = groups.get(key(item))
    if (list) list.push(item)
    else groups.set(key(item), [item])
  }
  return groups
}
