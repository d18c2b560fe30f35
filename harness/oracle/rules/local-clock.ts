/**
 * Local time in a person's IANA timezone, the oracle's own (§9: DND hours,
 * local-time delivery and recurring days are all the person's), through
 * Intl so daylight saving is right.
 */
export interface LocalReading {
  year: number
  month: number
  day: number
  /** Minutes since local midnight, seconds as a fraction. */
  minute: number
  /** `YYYY-MM-DD`. */
  date: string
}

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(timeZone: string): Intl.DateTimeFormat {
  let found = formatters.get(timeZone)
  if (found === undefined) {
    found = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
    formatters.set(timeZone, found)
  }
  return found
}

export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone)
    return true
  } catch {
    return false
  }
}

export function localOf(epochMs: number, timeZone: string): LocalReading {
  const parts = formatter(timeZone).formatToParts(epochMs)
  const read = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((part) => part.type === type)!.value)
  const [year, month, day] = [read('year'), read('month'), read('day')]
  const seconds = read('second') + (((epochMs % 1000) + 1000) % 1000) / 1000
  return { year, month, day, minute: read('hour') * 60 + read('minute') + seconds / 60, date: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` }
}

/** `HH:MM` → minutes since midnight; undefined when unreadable. */
export function clockMinutes(text: string): number | undefined {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text)
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined
}

/** Whether a local minute falls in [from, to), a window that may wrap midnight (21:00–09:00). */
export function inWindow(minute: number, from: number, to: number): boolean {
  return from <= to ? minute >= from && minute < to : minute >= from || minute < to
}

/**
 * The instant a local date and minute of day shows in a timezone. A time the
 * zone skips (the spring-forward gap) gives the instant right after the gap.
 */
export function instantOfLocal(timeZone: string, year: number, month: number, day: number, minute: number): number {
  const naive = Date.UTC(year, month - 1, day) + minute * 60_000
  let guess = naive
  // Two corrections settle any offset change; the third catches a gap.
  for (let i = 0; i < 3; i++) {
    const seen = localOf(guess, timeZone)
    const shown = Date.UTC(seen.year, seen.month - 1, seen.day) + seen.minute * 60_000
    guess += naive - shown
  }
  return guess
}

/** The next instant at or after `epochMs` when the local clock reads `minute` (today's, or tomorrow's). */
export function nextLocalTime(epochMs: number, timeZone: string, minute: number): number {
  const now = localOf(epochMs, timeZone)
  const today = instantOfLocal(timeZone, now.year, now.month, now.day, minute)
  if (today >= epochMs) return today
  const tomorrow = new Date(Date.UTC(now.year, now.month - 1, now.day + 1))
  return instantOfLocal(timeZone, tomorrow.getUTCFullYear(), tomorrow.getUTCMonth() + 1, tomorrow.getUTCDate(), minute)
}

/** The local date `YYYY-MM-DD` of the next day-of-month `day` on or after the local date of `epochMs` (months without it are passed over). */
export function nextMonthDay(epochMs: number, timeZone: string, day: number): string {
  const now = localOf(epochMs, timeZone)
  for (let months = 0; months < 24; months++) {
    const candidate = new Date(Date.UTC(now.year, now.month - 1 + months, day))
    if (candidate.getUTCDate() !== day) continue
    if (months === 0 && day < now.day) continue
    return candidate.toISOString().slice(0, 10)
  }
  return 'never'
}
