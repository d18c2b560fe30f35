/**
 * What the campaign-rule cases (push-semantics §9, §10) judge: each
 * campaign as the scenario planned it (its rules, its start on the run's
 * calendar), the messages and deliveries the dispatcher reported for it
 * (its decisions: control group, variant, failure), and what the wire shows
 * of each delivery (its attempts, their virtual start, the acceptance).
 * The persons come from the scenario's audience (timezone, properties, test
 * profile): the rules are the person's, never the dispatcher's idea of them.
 */
import type { CampaignPlan } from '../../../scenarios/plan-types.ts'
import type { Channel, PropertyName } from '../../../scenarios/types.ts'
import type { OwedSend } from './read-sends.ts'
import type { ShownContent } from './shown-content.ts'

export interface RulesPerson {
  id: string
  timezone: string
  properties: Readonly<Partial<Record<PropertyName, string>>>
  test: boolean
  /** Unsubscribed persons (§10): none unless the audience marks them. */
  unsubscribed: boolean
  /** Channels of the person's devices whose token the provider takes (never bounced, so never suppressed); absent: unknown. */
  liveChannels?: readonly Channel[]
  /** Channels of all the person's devices, whatever their token; absent: unknown. */
  channels?: readonly Channel[]
}

export interface WireAttemptAt {
  seq: number
  /** Virtual ms the attempt started (its request head reached the provider). */
  start: number
  accepted: boolean
  /** What it showed the person (read-shown.ts), for attempts of personalised messages: APNs and FCM from the request, web push from the device once accepted; absent when not read. */
  shown?: ShownContent
}

export interface RuledDelivery {
  id: string
  deviceId: string
  channel: string
  /** The dispatcher's reported state and code. */
  state: string
  code: string | null
  /** From the ledger, in start order. */
  attempts: WireAttemptAt[]
}

export interface RuledMessage {
  messageId: string
  personId: string
  variantId: string | null
  control: boolean
  failure: string | null
  deliveries: RuledDelivery[]
}

export interface RuledCampaign {
  id: string
  name: string
  plan: CampaignPlan
  /** Virtual ms its campaign executor started: where the audience was taken in (and a cut-off counts from). */
  startsAt: number
  messages: RuledMessage[]
  /** Its campaign executor streamed the whole audience and the dispatcher took the stream: every person was given to it. */
  wholeAudience?: boolean
}

export interface RulesRun {
  campaigns: RuledCampaign[]
  person(id: string): RulesPerson | undefined
  /** The audience's unsubscribed persons, generated afresh on each call (nothing held); absent: unknown. */
  unsubscribed?: () => Iterable<RulesPerson>
  /** Transactional sends the run made to unsubscribed persons with a device (read-sends.ts); absent: the run did not record them. */
  owedSends?: OwedSend[]
  /** Virtual ms of slack between the dispatcher's clock and the simulators' (oracle-context instantSlackMs). */
  slackMs: number
}

export const attempted = (message: RuledMessage): boolean => message.deliveries.some((delivery) => delivery.attempts.length > 0)
export const seqsOf = (message: RuledMessage): number[] => message.deliveries.flatMap((delivery) => delivery.attempts.map((attempt) => attempt.seq))
/** The first attempt of any of its deliveries, or undefined when none went out. */
export function firstAttemptOf(message: RuledMessage): WireAttemptAt | undefined {
  let first: WireAttemptAt | undefined
  for (const delivery of message.deliveries) for (const attempt of delivery.attempts) if (first === undefined || attempt.start < first.start) first = attempt
  return first
}
