/**
 * The ground-truth facts of one campaign, as the oracle rebuilds them: the
 * dispatcher's plan (who was targeted, control group, variants — its
 * decision) joined with what the wire and the devices say happened. Every
 * metric and person status is recomputed from these alone.
 */

/** §5 final states as the wire shows them; `open` when the delivery never became final. */
export type DeliveryOutcome = 'accepted' | 'bounced' | 'failed' | 'suppressed' | 'expired' | 'open'

export type Profile = 'webpush' | 'mobile' | 'person-status'
export type Targeting = 'last-device' | 'all-devices'

export interface DeliveryFact {
  id: string
  messageId: string
  personId: string
  deviceId: string
  channel: string
  outcome: DeliveryOutcome
  /** Virtual ms the provider's acceptance reached the dispatcher (first accepted exchange). */
  acceptedAt: number | null
  /** Virtual ms of the device's first `delivered` / `opened` report that the dispatcher took (2xx); duplicates count once. */
  deliveredAt: number | null
  openedAt: number | null
  /** Dashboard code of a bounce or failure: the wire's when the catalogue names it, else the dispatcher's own. */
  code: string | null
  /** The provider's answer behind a bounce or failure (`410 Unregistered`, `hang`), for the report's Errors tab; absent when no exchange failed. */
  answer?: string
  /** Ledger seqs of its exchanges. */
  seqs: number[]
}

export interface MessageFact {
  messageId: string
  personId: string
  variantId: string | null
  control: boolean
  /** The dispatcher's failure code for the message (a non-provider reason), as planned. */
  failure: string | null
  deliveries: DeliveryFact[]
  /** Virtual ms of the earliest conversion attributed to it (§7: the message nearest before the conversion). */
  convertedAt: number | null
}

export interface CampaignFacts {
  campaignId: string
  profile: Profile
  targeting: Targeting
  messages: MessageFact[]
}

/** What the dispatcher reported for the same campaign: compared, never trusted. */
export interface CampaignClaims {
  campaignId: string
  statuses: { messageId: string; personId: string; status: string }[]
  metrics: unknown
  variants: Record<string, unknown>
  trends: { day: unknown; week: unknown; month: unknown }
}

export interface CampaignRecord {
  facts: CampaignFacts
  claims: CampaignClaims
}

/** Safari sends no view events (§6): its views are unknown, not zero. */
export const isSafari = (channel: string): boolean => channel === 'webpush-safari'

/** When a delivery was seen: its first view report, an open counting as a view (§10). */
export function viewedAt(delivery: DeliveryFact): number | null {
  const times = [delivery.deliveredAt, delivery.openedAt].filter((at): at is number => at !== null)
  return times.length === 0 ? null : Math.min(...times)
}
