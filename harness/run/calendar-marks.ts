/**
 * Instants on the calendar when a campaign's time rules release work the
 * dispatcher holds back: the end of a DND window, a local delivery time and
 * the local midnight a recurring campaign starts at,
 * in each timezone of the audience. Fast-forwarding never jumps past the
 * next one, else deliveries due at 09:00 local would go out at whatever
 * instant the jump landed on, and the run would measure the jump.
 */
import type { ScenarioPlan } from '../../scenarios/plan-types.ts'

/** Persons sampled for their timezones when the audience follows its locales. */
const SAMPLED_PERSONS = 500

export function calendarMarks(plan: ScenarioPlan): (afterMs: number) => number | undefined {
  const times = new Set<string>()
  for (const campaign of plan.campaigns) {
    if (campaign.dnd) times.add(campaign.dnd.to)
    if (campaign.localTime) times.add(campaign.localTime)
    // A recurring campaign starts at a local midnight (of day D): stopping at each one never overshoots it.
    if (campaign.recurringDay !== undefined) times.add('00:00')
  }
  if (times.size === 0) return () => undefined
  const zones = new Set(plan.audience.timezones?.map(([zone]) => zone) ?? [])
  if (zones.size === 0) for (let i = 0; i < Math.min(SAMPLED_PERSONS, plan.persons.size); i++) zones.add(plan.persons.personAt(i).timezone)
  return (afterMs) => {
    let next: number | undefined
    for (const zone of zones) for (const time of times) {
      const at = nextLocalTime(afterMs, zone, time)
      if (next === undefined || at < next) next = at
    }
    return next
  }
}

/** The first instant after `afterMs` whose wall time in `zone` is `hh:mm` (a time DST skips comes an hour later). */
export function nextLocalTime(afterMs: number, zone: string, hhmm: string): number {
  const [hh, mm] = hhmm.split(':').map(Number) as [number, number]
  const { year, month, day } = localParts(afterMs, zone)
  for (let d = 0; d < 3; d++) {
    const at = fromLocal(zone, year, month, day + d, hh, mm)
    if (at > afterMs) return at
  }
  return afterMs + 86_400_000
}

function localParts(ms: number, zone: string): { year: number; month: number; day: number; hour: number; minute: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' })
      .formatToParts(ms)
      .map((part) => [part.type, Number(part.value)]),
  )
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute! }
}

/** The UTC instant of a local wall time: the offset is resolved twice, which settles across a DST change. */
function fromLocal(zone: string, year: number, month: number, day: number, hour: number, minute: number): number {
  const wanted = Date.UTC(year, month - 1, day, hour, minute)
  let guess = wanted
  for (let i = 0; i < 2; i++) {
    const p = localParts(guess, zone)
    guess += wanted - Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute)
  }
  return guess
}
