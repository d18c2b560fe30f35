/**
 * Wall time in an IANA timezone ↔ epoch ms, DST-correct through Intl (push-semantics §9:
 * DND hours, local-time delivery and recurring days are all in the person's timezone).
 * Nothing here throws: an unknown timezone is reported by `isValidTimeZone`, and callers check it first.
 */

/** A local calendar date and clock reading; month 1–12. */
export interface WallTime {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
  millisecond: number
}

/** A clock reading without a date, e.g. a DND bound or a local delivery time. */
export interface ClockTime {
  hour: number
  minute: number
}

const DAY_MS = 86_400_000
const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(timeZone: string): Intl.DateTimeFormat | undefined {
  const cached = formatters.get(timeZone)
  if (cached) return cached
  try {
    const created = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric',
    })
    formatters.set(timeZone, created)
    return created
  } catch {
    return undefined
  }
}

export function isValidTimeZone(timeZone: string): boolean {
  return formatterFor(timeZone) !== undefined
}

/** `HH:MM` (00:00–23:59) → clock time; undefined for anything else. */
export function parseClock(text: string): ClockTime | undefined {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text)
  if (!match) return undefined
  return { hour: Number(match[1]), minute: Number(match[2]) }
}

/** The wall time an instant shows in a timezone (UTC when the zone is unknown; check `isValidTimeZone` first). */
export function wallTimeOf(epochMs: number, timeZone: string): WallTime {
  const formatter = formatterFor(timeZone) ?? formatterFor('UTC')!
  const parts = formatter.formatToParts(epochMs)
  const read = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find(part => part.type === type)?.value)
  return {
    year: read('year'), month: read('month'), day: read('day'),
    hour: read('hour'), minute: read('minute'), second: read('second'),
    millisecond: ((epochMs % 1000) + 1000) % 1000,
  }
}

/** The wall time read as if it were UTC: the arithmetic space where offsets are differences. */
function wallAsUtc(wall: WallTime): number {
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, wall.millisecond)
}

function offsetAt(epochMs: number, timeZone: string): number {
  return wallAsUtc(wallTimeOf(epochMs, timeZone)) - epochMs
}

/**
 * The instant a wall time denotes in a timezone. (interpretation) Like Temporal's `compatible`
 * disambiguation: a wall time repeated when clocks go back is its earlier instant; a wall time
 * skipped when clocks go forward moves forward by the gap (Berlin 02:30 on spring-forward day → 03:30 CEST).
 */
export function epochOfWallTime(wall: WallTime, timeZone: string): number {
  const local = wallAsUtc(wall)
  // Offsets a day either side bracket any single transition near this wall time.
  const offsetBefore = offsetAt(local - DAY_MS, timeZone)
  const offsetAfter = offsetAt(local + DAY_MS, timeZone)
  const candidates = [local - offsetBefore, local - offsetAfter]
    .filter(epoch => wallAsUtc(wallTimeOf(epoch, timeZone)) === local)
    .sort((a, b) => a - b)
  // No candidate shows the wall time: it fell in a gap; the pre-transition offset lands past the gap.
  return candidates[0] ?? local - offsetBefore
}

/** The calendar date `days` after a wall time's date (day overflow handled by Date.UTC). */
export function addDays(wall: WallTime, days: number): WallTime {
  const shifted = new Date(Date.UTC(wall.year, wall.month - 1, wall.day + days))
  return { ...wall, year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() }
}

/**
 * The earliest instant at or after `fromEpochMs` at which the person's clock shows `clock`:
 * today's occurrence if it has not passed, else tomorrow's (occurrences follow `epochOfWallTime`).
 */
export function nextOccurrenceOf(clock: ClockTime, fromEpochMs: number, timeZone: string): number {
  const today = wallTimeOf(fromEpochMs, timeZone)
  const at = { ...today, hour: clock.hour, minute: clock.minute, second: 0, millisecond: 0 }
  const todays = epochOfWallTime(at, timeZone)
  if (todays >= fromEpochMs) return todays
  return epochOfWallTime(addDays(at, 1), timeZone)
}

/** The person's local date `YYYY-MM-DD` of an instant (the day of the frequency cap, store.sendsOn). */
export function localDateKey(epochMs: number, timeZone: string): string {
  const wall = wallTimeOf(epochMs, timeZone)
  const pad = (value: number, width: number): string => String(value).padStart(width, '0')
  return `${pad(wall.year, 4)}-${pad(wall.month, 2)}-${pad(wall.day, 2)}`
}

/** Minutes since local midnight, with seconds as a fraction (for window tests). */
export function minuteOfDay(wall: Pick<WallTime, 'hour' | 'minute' | 'second' | 'millisecond'>): number {
  return wall.hour * 60 + wall.minute + (wall.second * 1000 + wall.millisecond) / 60_000
}
