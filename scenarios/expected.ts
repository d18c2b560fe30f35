/**
 * What the plan implies before anything runs, in expectation (shares times
 * counts, never by iterating persons): each executor's arrivals and rate
 * over time (the load curve, as k6's executionRequirements), and for each
 * campaign and message the deliveries planned, by channel, with the
 * control group, undeliverable persons, bounces and personalisation
 * failures that follow from the audience's shares.
 */
import type { AudiencePlan, CampaignPlan, ExecutorPlan, MessagePlan, TemplatePlan } from './plan-types.ts'
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
  /** Persons who qualify (before the control group). */
  qualified: number
  controlGroup: number
  /** Persons with no device on the message's channels. */
  undeliverable: number
  deliveries: number
  byChannel: Partial<Record<Channel, number>>
  byVariant?: Record<string, number>
  /** Deliveries whose token is not valid at the provider: expected bounces. */
  bounces: number
  /** Persons whose template names a missing property without a fallback (status Failed). */
  personalisationFailures: number
}

export function expectedForCampaign(campaign: CampaignPlan, audience: AudiencePlan): ExpectedDeliveries {
  const qualified = campaignIntake(campaign, audience)
  const controlGroup = Math.round(qualified * campaign.controlGroup)
  const failureShare = campaign.variants.reduce((total, variant) => total + variant.share * failureShareOf(variant.template, audience), 0)
  const expected = deliveriesFor(qualified - controlGroup, campaign.channels, campaign.targeting, audience, failureShare)
  const byVariant = Object.fromEntries(campaign.variants.map((variant) => [variant.name, Math.round((qualified - controlGroup) * variant.share)]))
  return { qualified, controlGroup, ...expected, byVariant }
}

export function expectedForMessage(message: MessagePlan, arrivals: number, audience: AudiencePlan): ExpectedDeliveries {
  const channels = audience.devices.channels.map(([channel]) => channel)
  return { qualified: arrivals, controlGroup: 0, ...deliveriesFor(arrivals, channels, message.targeting, audience, failureShareOf(message.template, audience)) }
}

function deliveriesFor(
  persons: number,
  channels: readonly Channel[],
  targeting: CampaignPlan['targeting'],
  audience: AudiencePlan,
  failureShare: number,
): Omit<ExpectedDeliveries, 'qualified' | 'controlGroup' | 'byVariant'> {
  const { perPerson, channels: mix, tokens } = audience.devices
  const eligible = mix.filter(([channel]) => channels.includes(channel)).reduce((total, [, share]) => total + share, 0)
  const meanDevices = perPerson.reduce((total, [count, share]) => total + Number(count) * share, 0)
  const reachable = perPerson.reduce((total, [count, share]) => total + share * (1 - (1 - eligible) ** Number(count)), 0)
  const perPersonDeliveries = targeting === 'all-devices' ? meanDevices * eligible : reachable
  const sending = persons * (1 - failureShare)
  const deliveries = Math.round(sending * perPersonDeliveries)
  const byChannel: Partial<Record<Channel, number>> = {}
  for (const [channel, share] of mix) if (channels.includes(channel) && eligible > 0) byChannel[channel] = Math.round((deliveries * share) / eligible)
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
