/**
 * Joins the plan with the wire and the devices into campaign facts (pure:
 * read-run.ts gathers the inputs). The plan — messages, deliveries, control
 * group, variants — is the dispatcher's decision; whether a delivery was
 * accepted or bounced, and what its device reported, is the wire's and the
 * ledger's. A final state the wire cannot show (suppressed, expired, a
 * failure before any attempt) is taken from the plan.
 */
import type { CampaignFacts, DeliveryFact, DeliveryOutcome, MessageFact, Profile, Targeting } from './model.ts'
import { dashboardCodeOf, isAccepted, isDeadAddress, type WireAnswer } from './wire-class.ts'

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
  const byDelivery = groupBy(attempts, (attempt) => attempt.deliveryId)
  const taken = reports.filter((report) => report.status !== null && report.status >= 200 && report.status < 300)
  const firstReport = new Map<string, number>()
  for (const report of taken) {
    if (report.report === 'converted' || report.deliveryId === null) continue
    const key = `${report.deliveryId} ${report.report}`
    firstReport.set(key, Math.min(firstReport.get(key) ?? Infinity, report.atMs))
  }
  const campaigns = plans.map((plan): CampaignFacts => {
    const deliveries = groupBy(plan.deliveries, (delivery) => delivery.messageId)
    const messages = plan.messages.map(
      (message): MessageFact => ({
        ...message,
        convertedAt: null,
        deliveries: (deliveries.get(message.messageId) ?? []).map((planned) => deliveryFact(planned, byDelivery.get(planned.id) ?? [], firstReport)),
      }),
    )
    return { campaignId: plan.campaignId, profile: plan.profile, targeting: plan.targeting, messages }
  })
  attributeConversions(campaigns, taken)
  return campaigns
}

function deliveryFact(planned: PlannedCampaign['deliveries'][number], attempts: readonly WireAttempt[], firstReport: ReadonlyMap<string, number>): DeliveryFact {
  const sorted = [...attempts].sort((a, b) => a.seq - b.seq)
  const accepted = sorted.find(isAccepted)
  const dead = sorted.find(isDeadAddress)
  const outcome: DeliveryOutcome = accepted ? 'accepted' : dead ? 'bounced' : outcomeWithoutAcceptance(planned.state, sorted.length > 0)
  const failing = dead ?? [...sorted].reverse().find((attempt) => attempt.status > 0)
  const wireCode = (outcome === 'bounced' || outcome === 'failed') && failing !== undefined ? dashboardCodeOf(failing) : null
  return {
    id: planned.id,
    messageId: planned.messageId,
    personId: planned.personId,
    deviceId: planned.deviceId,
    channel: planned.channel,
    outcome,
    acceptedAt: accepted?.endVirtualMs ?? null,
    // A report counts only on a delivery the wire shows accepted: nothing else reached a device.
    deliveredAt: accepted ? (firstReport.get(`${planned.id} delivered`) ?? null) : null,
    openedAt: accepted ? (firstReport.get(`${planned.id} opened`) ?? null) : null,
    code: outcome === 'accepted' ? null : (wireCode ?? planned.code),
    ...(outcome !== 'accepted' && (failing ?? sorted.at(-1)) !== undefined ? { answer: answerText(failing ?? sorted.at(-1)!) } : {}),
    seqs: sorted.map((attempt) => attempt.seq),
  }
}

/** An answer as people read it: `410 Unregistered`, or how the exchange ended when no status came back (`abandoned`, `refused`). */
const answerText = (attempt: WireAttempt): string => (attempt.status > 0 ? `${attempt.status}${attempt.reason ? ` ${attempt.reason}` : ''}` : attempt.outcome)

/** No acceptance and no dead address on the wire: the plan says why, unless it claims what the wire does not show. */
function outcomeWithoutAcceptance(state: string, attempted: boolean): DeliveryOutcome {
  if (state === 'pending' || state === 'attempting') return 'open'
  if (state === 'expired') return 'expired'
  if (state === 'suppressed' && !attempted) return 'suppressed'
  return 'failed'
}

/**
 * §7: a conversion goes to the person's message nearest before it, across
 * campaigns — the one whose first acceptance is latest at or before the
 * conversion. A message sent after the conversion never gets it.
 */
function attributeConversions(campaigns: readonly CampaignFacts[], reports: readonly ReportFact[]): void {
  const sentMessages = new Map<string, { message: MessageFact; sentAt: number }[]>()
  for (const campaign of campaigns) {
    for (const message of campaign.messages) {
      const times = message.deliveries.map((delivery) => delivery.acceptedAt).filter((at): at is number => at !== null)
      if (times.length === 0) continue
      const list = sentMessages.get(message.personId) ?? []
      list.push({ message, sentAt: Math.min(...times) })
      sentMessages.set(message.personId, list)
    }
  }
  for (const report of reports) {
    if (report.report !== 'converted') continue
    let nearest: { message: MessageFact; sentAt: number } | undefined
    for (const candidate of sentMessages.get(report.personId) ?? []) {
      if (candidate.sentAt <= report.atMs && (nearest === undefined || candidate.sentAt > nearest.sentAt)) nearest = candidate
    }
    if (nearest !== undefined) nearest.message.convertedAt = Math.min(nearest.message.convertedAt ?? Infinity, report.atMs)
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const list = groups.get(key(item))
    if (list) list.push(item)
    else groups.set(key(item), [item])
  }
  return groups
}
