/**
 * The campaign rules whose effect the plan can foresee from the calendar and
 * the audience's timezone mix (push-semantics §9): which share of a
 * campaign's messages the frequency cap stops, and which share of its sends
 * DND discards. Both are judged per timezone at the instant the campaign
 * starts sending, as the reference dispatcher judges them per person at
 * planning. Shares are expectations: the run draws per person.
 */
import type { AudiencePlan, CampaignPlan, Shares } from './plan-types.ts'
import { worldTimezones } from './world.ts'

/** A campaign on the calendar: when it starts sending, and the chance a person's message to it counts as a send. */
export interface ScheduledCampaign {
  campaign: CampaignPlan
  sendAtMs: number
  /** Chance a person who gets this campaign's message has at least one pending delivery (a send the cap counts), before DND and the cap. */
  sendShare: number
}

export interface RuleShares {
  /** Messages stopped by the frequency cap (their deliveries suppressed `frequency_exceeded`). */
  capped: number
  /** Messages whose sends DND discards (the capped ones excluded: the cap is judged first). */
  dndDiscarded: number
}

export const timezoneMix = (audience: AudiencePlan): Shares => audience.timezones ?? worldTimezones(audience.locales)

/** The rule shares of `schedule[index]`, averaged over the audience's timezones; earlier campaigns are those before it in `schedule`. */
export function ruleShares(schedule: readonly ScheduledCampaign[], index: number, audience: AudiencePlan): RuleShares {
  let capped = 0
  let dndDiscarded = 0
  for (const [zone, share] of timezoneMix(audience)) {
    const inZone = sharesInZone(schedule, index, zone)
    capped += share * inZone.capped
    dndDiscarded += share * (1 - inZone.capped) * inZone.dndDiscarded
  }
  return { capped, dndDiscarded }
}

// Each campaign's shares in a zone are computed once per schedule: a day of many capped campaigns would otherwise recompute its earlier ones again and again.
const memo = new WeakMap<readonly ScheduledCampaign[], Map<string, RuleShares>>()

function sharesInZone(schedule: readonly ScheduledCampaign[], index: number, zone: string): RuleShares {
  let known = memo.get(schedule)
  if (known === undefined) memo.set(schedule, (known = new Map()))
  const key = `${index} ${zone}`
  let shares = known.get(key)
  if (shares === undefined) known.set(key, (shares = computeInZone(schedule, index, zone)))
  return shares
}

function computeInZone(schedule: readonly ScheduledCampaign[], index: number, zone: string): RuleShares {
  const { campaign, sendAtMs } = schedule[index]!
  const dndDiscarded = discards(campaign, sendAtMs, zone) ? 1 : 0
  if (campaign.frequencyCap === undefined) return { capped: 0, dndDiscarded }
  // Earlier sends on the same local day count toward the cap; each counted with its own chance (treated as independent).
  const day = localDate(sendAtMs, zone)
  const earlier = schedule.slice(0, index).flatMap((other, k) => {
    if (localDate(other.sendAtMs, zone) !== day) return []
    const before = sharesInZone(schedule, k, zone)
    return [other.sendShare * (1 - before.capped) * (1 - before.dndDiscarded)]
  })
  return { capped: atLeast(campaign.frequencyCap.perDay, earlier), dndDiscarded }
}

/** P(at least n of independent events with these chances happen): the Poisson-binomial tail. */
export function atLeast(n: number, chances: readonly number[]): number {
  let counts = [1]
  for (const p of chances) counts = [...counts, 0].map((q, k) => q * (1 - p) + (k > 0 ? counts[k - 1]! * p : 0))
  return counts.slice(n).reduce((total, q) => total + q, 0)
}

/** Whether a send of this campaign starting at `sendAtMs` falls in its DND window (discard mode) in `zone`; local-time campaigns go at that wall time. */
function discards(campaign: CampaignPlan, sendAtMs: number, zone: string): boolean {
  if (campaign.dnd?.action !== 'discard') return false
  const minute = campaign.localTime === undefined ? localMinute(sendAtMs, zone) : minuteOf(campaign.localTime)
  const from = minuteOf(campaign.dnd.from)
  const to = minuteOf(campaign.dnd.to)
  // A window whose start is after its end wraps midnight (21:00–09:00); start = end is empty.
  return from < to ? minute >= from && minute < to : from > to ? minute >= from || minute < to : false
}

const minuteOf = (clock: string): number => {
  const [hour, minute] = clock.split(':').map(Number)
  return hour! * 60 + minute!
}

const formats = new Map<string, Intl.DateTimeFormat>()
function partsAt(ms: number, zone: string): Record<string, string> {
  let format = formats.get(zone)
  if (format === undefined) formats.set(zone, (format = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })))
  return Object.fromEntries(format.formatToParts(ms).map((part) => [part.type, part.value]))
}

const localDate = (ms: number, zone: string): string => {
  const parts = partsAt(ms, zone)
  return `${parts.year}-${parts.month}-${parts.day}`
}

const localMinute = (ms: number, zone: string): number => {
  const parts = partsAt(ms, zone)
  return Number(parts.hour) * 60 + Number(parts.minute)
}
