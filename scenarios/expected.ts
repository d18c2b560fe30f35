/**
 * What the plan implies before anything runs, in expectation (shares times
 * counts, never by iterating persons): each executor's arrivals and rate
 * over time (the load curve, as k6's executionRequirements), and for each
 * campaign and message the deliveries planned, by channel, with the
 * control group, undeliverable persons, personalisation failures, the
 * campaign rules' stops (frequency cap, DND discard, devices suppressed
 * after two bounces), bounces, the outcome with no faults, and the device
 * reports. (Safari without a deep link never happens: the decoder refuses
 * such a campaign.) Unsubscribed persons (§10) are not qualified: their messages' deliveries are planned
 * suppressed, never attempted. Only `qualified` of a campaign sent to everyone with no unsubscribed share is exact; the rest are expectations the run's per-person draws
 * scatter around, and faults are left out.
 */
import { expectedReports, type ExpectedReports } from './expected-reports.ts'
import { atLeast, ruleShares, type ScheduledCampaign } from './expected-rules.ts'
import type { AudiencePlan, CampaignPlan, DevicesPlan, ExecutorPlan, MessagePlan, PhasePlan, TemplatePlan } from './plan-types.ts'
import type { Channel } from './types.ts'

/** Rate (per second) at `atMs` after the phase start; a step or a linear ramp between points. */
export interface CurvePoint {
  atMs: number
  perSecond: number
}

export interface ExecutorLoad {
  /** Arrivals (persons taken in, or transactional sends). */
  arrivals: number
  durationMs: number
  curve: CurvePoint[]
}

/** Persons a campaign takes in: everyone, or the test profiles for a test send. */
export const campaignIntake = (campaign: CampaignPlan, audience: AudiencePlan): number => Math.round(audience.persons * (campaign.test ? audience.testProfiles : 1))

export function executorLoad(executor: ExecutorPlan, intake: (campaign: string) => number): ExecutorLoad {
  switch (executor.executor) {
    case 'campaign': {
      const arrivals = intake(executor.campaign)
      const durationMs = Math.ceil((arrivals / executor.ratePerSecond) * 1000)
      return { arrivals, durationMs, curve: [{ atMs: executor.startMs, perSecond: executor.ratePerSecond }, { atMs: executor.startMs + durationMs, perSecond: 0 }] }
    }
    case 'constant-arrival-rate':
      return {
        arrivals: Math.round((executor.ratePerSecond * executor.durationMs) / 1000),
        durationMs: executor.durationMs,
        curve: [{ atMs: executor.startMs, perSecond: executor.ratePerSecond }, { atMs: executor.startMs + executor.durationMs, perSecond: 0 }],
      }
    case 'ramping-arrival-rate': {
      let atMs = executor.startMs
      let rate = executor.startRatePerSecond
      let arrivals = 0
      const curve: CurvePoint[] = [{ atMs, perSecond: rate }]
      for (const stage of executor.stages) {
        arrivals += ((rate + stage.targetPerSecond) / 2) * (stage.durationMs / 1000)
        atMs += stage.durationMs
        rate = stage.targetPerSecond
        curve.push({ atMs, perSecond: rate })
      }
      return { arrivals: Math.round(arrivals), durationMs: atMs - executor.startMs, curve }
    }
    case 'kill-dispatcher':
      // No arrivals: the phase lasts until the dispatcher is back.
      return { arrivals: 0, durationMs: executor.restartAfterMs, curve: [{ atMs: executor.startMs, perSecond: 0 }] }
  }
}

export interface ExpectedDeliveries {
  /** Persons who qualify (before the control group): the intake less the unsubscribed. */
  qualified: number
  controlGroup: number
  /** Persons with no device on the message's channels. */
  undeliverable: number
  deliveries: number
  byChannel: Partial<Record<Channel, number>>
  byVariant?: Record<string, number>
  /** Deliveries whose token is not valid at the provider and still get an attempt: expected bounces. */
  bounces: number
  /** Persons whose template names a missing property without a fallback (status Failed). */
  personalisationFailures: number
  /** Persons unsubscribed (§10): not qualified; their deliveries are planned suppressed (in `deliveries` and `outcome.suppressed`). */
  unsubscribed: number
  /** Messages the frequency cap stops (their deliveries suppressed). */
  frequencyCapped: number
  /** Deliveries DND discards. */
  dndDiscarded: number
  /** Deliveries to devices that bounced in two earlier campaigns: suppressed (under last-device the person is Undeliverable instead; counted here all the same). */
  suppressedDevices: number
  /** The planned deliveries' end states if no fault strikes (none fails or expires then). */
  outcome: { accepted: number; bounced: number; suppressed: number }
  /** Device reports on the accepted pushes. */
  reports: ExpectedReports
}

/** A campaign's timing and what came before it on the calendar. */
export interface CampaignSchedule {
  /** Campaigns in the order they start sending; `index` is this campaign's place. */
  campaigns: readonly ScheduledCampaign[]
  index: number
}

export function expectedForCampaign(campaign: CampaignPlan, audience: AudiencePlan, devices: DevicesPlan, schedule: CampaignSchedule): ExpectedDeliveries {
  const intake = campaignIntake(campaign, audience)
  const unsubscribed = Math.round(intake * audience.unsubscribed)
  const qualified = intake - unsubscribed
  const controlGroup = Math.round(qualified * campaign.controlGroup)
  const failureShare = campaign.variants.reduce((total, variant) => total + variant.share * failureShareOf(variant.template, audience), 0)
  const expected = deliveriesFor(qualified - controlGroup, campaign.channels, campaign.targeting, audience, failureShare)
  const byVariant = Object.fromEntries(campaign.variants.map((variant) => [variant.name, Math.round((qualified - controlGroup) * variant.share)]))
  const rules = ruleShares(schedule.campaigns, schedule.index, audience)
  // Persons with a pending send in this campaign: the cap stops their messages; DND then discards what is left.
  const sending = (qualified - controlGroup) * (1 - failureShare) * reachableShare(campaign.channels, audience)
  const capped = expected.deliveries * rules.capped
  const discarded = expected.deliveries * rules.dndDiscarded
  const split = new Map(channelSplit(campaign.channels, audience))
  const going = (channel: Channel) => expected.deliveries * (split.get(channel) ?? 0) * (1 - rules.capped - rules.dndDiscarded)
  // A dead token bounces at every attempt and its device is suppressed after two: the chance earlier campaigns attempted it twice.
  const attemptedBefore = schedule.campaigns.slice(0, schedule.index).map((earlier, k) => {
    if (!earlier.campaign.channels.some((channel) => campaign.channels.includes(channel))) return 0
    const stopped = ruleShares(schedule.campaigns, k, audience)
    return earlier.sendShare * (1 - stopped.capped - stopped.dndDiscarded)
  })
  const suppressedShare = atLeast(2, attemptedBefore)
  const invalid = 1 - (audience.devices.tokens.find(([state]) => state === 'valid')?.[1] ?? 0)
  // The unsubscribed are stopped before personalisation: each of their targeted devices gets a suppressed delivery.
  const stopped = deliveriesFor(unsubscribed, campaign.channels, campaign.targeting, audience, 0)
  const accepted: Partial<Record<Channel, number>> = {}
  let bounces = 0
  let suppressedDevices = 0
  for (const channel of split.keys()) {
    const attempted = going(channel)
    suppressedDevices += attempted * invalid * suppressedShare
    bounces += attempted * invalid * (1 - suppressedShare)
    accepted[channel] = attempted * (1 - invalid)
  }
  const acceptedTotal = Object.values(accepted).reduce((total, count) => total + count, 0)
  return {
    qualified,
    controlGroup,
    ...expected,
    deliveries: expected.deliveries + stopped.deliveries,
    byChannel: addCounts(expected.byChannel, stopped.byChannel),
    byVariant,
    bounces: Math.round(bounces),
    unsubscribed,
    frequencyCapped: Math.round(sending * rules.capped),
    dndDiscarded: Math.round(discarded),
    suppressedDevices: Math.round(suppressedDevices),
    outcome: { accepted: Math.round(acceptedTotal), bounced: Math.round(bounces), suppressed: Math.round(capped + discarded + suppressedDevices) + stopped.deliveries },
    reports: expectedReports(accepted, audience, devices),
  }
}

export function expectedForMessage(message: MessagePlan, arrivals: number, audience: AudiencePlan, devices: DevicesPlan): ExpectedDeliveries {
  const channels = audience.devices.channels.map(([channel]) => channel)
  const unsubscribed = Math.round(arrivals * audience.unsubscribed)
  const expected = deliveriesFor(arrivals - unsubscribed, channels, message.targeting, audience, failureShareOf(message.template, audience))
  const stopped = deliveriesFor(unsubscribed, channels, message.targeting, audience, 0)
  const valid = audience.devices.tokens.find(([state]) => state === 'valid')?.[1] ?? 0
  const accepted = Object.fromEntries(Object.entries(expected.byChannel).map(([channel, count]) => [channel, count * valid]))
  return {
    qualified: arrivals - unsubscribed,
    controlGroup: 0,
    ...expected,
    deliveries: expected.deliveries + stopped.deliveries,
    byChannel: addCounts(expected.byChannel, stopped.byChannel),
    unsubscribed,
    frequencyCapped: 0,
    dndDiscarded: 0,
    suppressedDevices: 0,
    outcome: { accepted: expected.deliveries - expected.bounces, bounced: expected.bounces, suppressed: stopped.deliveries },
    reports: expectedReports(accepted, audience, devices),
  }
}

/** Every campaign and transactional message the phases send, with what the plan expects of each. */
export function expectedOfPlan(
  phases: readonly PhasePlan[],
  campaigns: readonly CampaignPlan[],
  messages: readonly MessagePlan[],
  audience: AudiencePlan,
  devices: DevicesPlan,
  startMs: number,
): { campaigns: Record<string, ExpectedDeliveries>; messages: Record<string, ExpectedDeliveries> } {
  const sendAt = new Map<string, number>()
  const arrivals = new Map<string, number>()
  for (const phase of phases) {
    phase.executors.forEach((executor, k) => {
      const at = startMs + phase.offsetMs + executor.startMs
      if (executor.executor === 'campaign' && !sendAt.has(executor.campaign)) sendAt.set(executor.campaign, at)
      if (executor.executor === 'constant-arrival-rate' || executor.executor === 'ramping-arrival-rate') arrivals.set(executor.message, (arrivals.get(executor.message) ?? 0) + phase.load[k]!.arrivals)
    })
  }
  const scheduled: ScheduledCampaign[] = campaigns
    .filter((campaign) => sendAt.has(campaign.name))
    .map((campaign) => ({ campaign, sendAtMs: sendAt.get(campaign.name)!, sendShare: sendShareOf(campaign, audience) }))
    .sort((a, b) => a.sendAtMs - b.sendAtMs)
  const byCampaign: Record<string, ExpectedDeliveries> = {}
  scheduled.forEach(({ campaign }, index) => (byCampaign[campaign.name] = expectedForCampaign(campaign, audience, devices, { campaigns: scheduled, index })))
  const byMessage: Record<string, ExpectedDeliveries> = {}
  for (const message of messages) if (arrivals.has(message.name)) byMessage[message.name] = expectedForMessage(message, arrivals.get(message.name)!, audience, devices)
  return { campaigns: byCampaign, messages: byMessage }
}

/** The chance a person in the audience gets a pending send from this campaign (test profile if a test send, outside the control group, reachable, personalised). */
function sendShareOf(campaign: CampaignPlan, audience: AudiencePlan): number {
  const failureShare = campaign.variants.reduce((total, variant) => total + variant.share * failureShareOf(variant.template, audience), 0)
  return (campaign.test ? audience.testProfiles : 1) * (1 - audience.unsubscribed) * (1 - campaign.controlGroup) * (1 - failureShare) * reachableShare(campaign.channels, audience)
}

function addCounts(a: Partial<Record<Channel, number>>, b: Partial<Record<Channel, number>>): Partial<Record<Channel, number>> {
  const sum: Partial<Record<Channel, number>> = { ...a }
  for (const [channel, count] of Object.entries(b) as [Channel, number][]) sum[channel] = (sum[channel] ?? 0) + count
  return sum
}

/** Each of these channels' share of the deliveries (the audience's channel mix among them). */
function channelSplit(channels: readonly Channel[], audience: AudiencePlan): [Channel, number][] {
  const mix = audience.devices.channels.filter(([channel]) => channels.includes(channel))
  const eligible = mix.reduce((total, [, share]) => total + share, 0)
  return eligible > 0 ? mix.map(([channel, share]) => [channel, share / eligible]) : []
}

/** The chance a person has at least one device on these channels. */
function reachableShare(channels: readonly Channel[], audience: AudiencePlan): number {
  const eligible = audience.devices.channels.filter(([channel]) => channels.includes(channel)).reduce((total, [, share]) => total + share, 0)
  return audience.devices.perPerson.reduce((total, [count, share]) => total + share * (1 - (1 - eligible) ** Number(count)), 0)
}

function deliveriesFor(
  persons: number,
  channels: readonly Channel[],
  targeting: CampaignPlan['targeting'],
  audience: AudiencePlan,
  failureShare: number,
): Pick<ExpectedDeliveries, 'undeliverable' | 'deliveries' | 'byChannel' | 'bounces' | 'personalisationFailures'> {
  const { perPerson, channels: mix, tokens } = audience.devices
  const eligible = mix.filter(([channel]) => channels.includes(channel)).reduce((total, [, share]) => total + share, 0)
  const meanDevices = perPerson.reduce((total, [count, share]) => total + Number(count) * share, 0)
  const reachable = reachableShare(channels, audience)
  const perPersonDeliveries = targeting === 'all-devices' ? meanDevices * eligible : reachable
  const sending = persons * (1 - failureShare)
  const deliveries = Math.round(sending * perPersonDeliveries)
  const byChannel = Object.fromEntries(channelSplit(channels, audience).map(([channel, share]) => [channel, Math.round(deliveries * share)]))
  const valid = tokens.find(([state]) => state === 'valid')?.[1] ?? 0
  return {
    undeliverable: Math.round(persons * (1 - reachable)),
    deliveries,
    byChannel,
    bounces: Math.round(deliveries * (1 - valid)),
    personalisationFailures: Math.round(persons * failureShare * reachable),
  }
}

/** The chance a person lacks at least one property the template needs without a fallback. */
function failureShareOf(template: TemplatePlan, audience: AudiencePlan): number {
  const needed = new Set(template.placeholders.filter((placeholder) => placeholder.fallback === undefined).map((placeholder) => placeholder.property))
  let present = 1
  for (const property of needed) {
    const generated = audience.properties.find((candidate) => candidate.name === property)
    present *= generated === undefined ? 0 : 1 - generated.missing
  }
  return 1 - present
}
