import type { Campaign, Device, Person } from '../model/entities.ts'
import type { Delivery, Message } from '../model/lifecycle.ts'

export interface PlanContext {
  now: number
  /** Sends the person already had on their local day (frequency cap). */
  sendsToday: number
  /** Seed of the run: control-group and variant assignment are deterministic from it. */
  seed: string
  /** Makes ids (message, delivery, providerId as lower-case UUID, tracking token). */
  newId(kind: 'message' | 'delivery' | 'provider' | 'tracking'): string
}

/** Every message of a campaign for one person, decided before any send (§9 rules and §7 targeting). */
export interface MessagePlan {
  message: Message
  /** Pending (possibly delayed by DND or local time), or suppressed with a code (frequency exceeded, DND discard, cut-off, device suppressed, unsubscribed). */
  deliveries: Delivery[]
  /** Counts towards the frequency cap (a send is planned). */
  countsAsSend: boolean
}

export type PlanMessage = (campaign: Campaign, person: Person, devices: readonly Device[], context: PlanContext) => MessagePlan
