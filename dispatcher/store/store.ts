import type { Channel } from '../model/channel.ts'
import type { Campaign, Device, DeviceAddress, Person } from '../model/entities.ts'
import type { Delivery, DeliveryState, DeviceEventKind, ErrorClass, Message } from '../model/lifecycle.ts'

/** A delivery ready to attempt, with what a sender needs. */
export interface DueDelivery {
  delivery: Delivery
  address: DeviceAddress
  message: Message
}

export interface AttemptRecord {
  deliveryId: string
  /** 1-based. */
  number: number
  startedAt: number
  finishedAt: number | null
  /** HTTP status, or null for a transport failure. */
  status: number | null
  /** Dashboard code, `accepted`, or a transport error kind. */
  code: string
  errorClass: ErrorClass | null
  retryAfterMs: number | null
}

/** Outcome of one attempt, applied in one transaction with the delivery's new state. */
export interface AttemptOutcome {
  deliveryId: string
  attempt: number
  finishedAt: number
  status: number | null
  code: string
  errorClass: ErrorClass | null
  retryAfterMs: number | null
  /** The delivery after this attempt. */
  next: { state: DeliveryState; notBefore: number; code: string | null; errorClass: ErrorClass | null }
  /** Device bookkeeping (§7): accepted → sent; bounced → bounced, a second in a row → suppressed. */
  device: 'accepted' | 'bounced' | 'unchanged'
}

export interface DeviceEvent {
  deliveryId: string
  kind: DeviceEventKind
  at: number
}

/** One page of a long read; `next` is the cursor of the following page, null after the last one. */
export interface Page<T> {
  items: T[]
  next: number | null
}

/** A message with what its person-level status is computed from (§7). */
export interface MessageWithFacts {
  message: Message
  deliveries: Delivery[]
  events: DeviceEvent[]
  converted: boolean
}

/** A planned message with its deliveries, written in one transaction (idempotent per campaign and person). */
export interface PlannedMessage {
  message: Message
  deliveries: Delivery[]
  /**
   * The person's local day (`YYYY-MM-DD`) on which this message counts toward the frequency cap (§9), when it does.
   * Counted in the same transaction as the message, so a crash between the two cannot lose or double the count.
   */
  countSendOn?: string
}

/**
 * The dispatcher's durable state (node:sqlite, WAL). Every method is
 * synchronous and commits before it returns: a dispatcher killed at any
 * moment resumes from here without losing or double-counting a delivery.
 */
export interface Store {
  upsertPerson(person: Person): void
  getPerson(id: string): Person | undefined
  /** Identifying a device again (same address) resets a suppressed device to `unused`. */
  upsertDevice(device: Omit<Device, 'lastStatus' | 'bounceStreak'> & Partial<Pick<Device, 'lastStatus' | 'bounceStreak'>>): Device
  devicesOf(personId: string): Device[]
  getDevice(id: string): Device | undefined
  /** Up to `limit` of every device after the cursor `after` (0: from the first), in the order they were first identified, with their §7 last status. */
  devicesPage(after: number, limit: number): Page<Device>

  createCampaign(campaign: Campaign): void
  getCampaign(id: string): Campaign | undefined
  listCampaigns(): Campaign[]

  /**
   * Writes a message and its deliveries; returns false (and writes nothing) when its id is taken, or when it is an
   * audience message (no sendKey) and the person already has one in this campaign.
   */
  insertPlannedMessage(planned: PlannedMessage): boolean
  getMessage(id: string): Message | undefined
  messagesOf(campaignId: string): Message[]
  /** Up to `limit` of a campaign's messages after the cursor `after` (0: from the first), each with its deliveries, their reports and whether it converted. */
  messagesPage(campaignId: string, after: number, limit: number): Page<MessageWithFacts>

  /**
   * Moves up to `limit` due deliveries (state pending, notBefore ≤ now) of these channels to `attempting`,
   * counting the attempt, and returns them. A delivery found `attempting` at open (a crash mid-attempt)
   * is due again with its attempt counted: the next attempt reuses its providerId.
   */
  claimDue(now: number, limit: number, channels?: readonly Channel[]): DueDelivery[]
  /** The earliest notBefore of pending deliveries, for sleeping until work is due; undefined when none. */
  nextDueAt(): number | undefined
  recordAttempt(outcome: AttemptOutcome): void
  /** Marks pending deliveries past their expiresAt as expired; returns how many. */
  expireDue(now: number): number
  getDelivery(id: string): Delivery | undefined
  deliveriesOf(campaignId: string): Delivery[]
  /** Up to `limit` of a campaign's deliveries after the cursor `after` (0: from the first), in the order of deliveriesOf. */
  deliveriesPage(campaignId: string, after: number, limit: number): Page<Delivery>
  deliveriesOfMessage(messageId: string): Delivery[]
  attemptsOf(deliveryId: string): AttemptRecord[]
  /** Counts of deliveries by state, for progress and quiescence. */
  countByState(campaignId?: string): Record<DeliveryState, number>

  /** Records a device report at most once per delivery and kind (reports are at-least-once). False if already recorded. */
  recordDeviceEvent(event: DeviceEvent): boolean
  eventsOf(campaignId: string): DeviceEvent[]
  /** Conversions are per person: the message nearest before `at` gets it (§7). */
  recordConversion(personId: string, at: number): { messageId: string } | undefined
  conversionsOf(campaignId: string): { personId: string; messageId: string; at: number }[]

  /** Notifications sent to a person on a local day (`YYYY-MM-DD`), for the frequency cap. */
  sendsOn(personId: string, day: string): number
  countSend(personId: string, day: string): void

  /**
   * Runs `work` (synchronous store calls) in one transaction, committed when it returns: planning a
   * chunk of an audience this way costs one commit instead of several per person. A crash loses the
   * whole uncommitted chunk, which nothing had acted on; sending the audience again plans it.
   */
  batch<T>(work: () => T): T

  close(): void
}
