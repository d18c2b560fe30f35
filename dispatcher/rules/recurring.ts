import { epochOfWallTime, isValidTimeZone, wallTimeOf } from './local-time.ts'

/** Months are scanned this far ahead; every day 1–31 occurs within any 12 consecutive months. */
const MONTHS_TO_SCAN = 13

/**
 * §9 recurring day: a campaign recurring on day D of the month starts on the next D in the timezone,
 * never on an earlier date. Returns the earliest instant at or after `fromEpochMs` whose local date is
 * a day D: `fromEpochMs` itself when today is D, else local midnight of the next D.
 * (interpretation) A month without day D (D = 31 in April, 29–31 in a short February) is skipped:
 * clamping to its last day would start on an earlier date than D, which the rule forbids.
 * Undefined for a day outside 1–31 or an unknown timezone (errors as values).
 */
export function nextRecurringStart(dayOfMonth: number, fromEpochMs: number, timezone: string): number | undefined {
  if (!Number.isInteger(dayOfMonth) || dayOfMonth < 1 || dayOfMonth > 31) return undefined
  if (!Number.isFinite(fromEpochMs) || !isValidTimeZone(timezone)) return undefined
  const today = wallTimeOf(fromEpochMs, timezone)
  if (today.day === dayOfMonth) return fromEpochMs
  for (let ahead = 0; ahead < MONTHS_TO_SCAN; ahead++) {
    // Day 1 of the month `ahead` months on; Date.UTC carries month overflow into the year.
    const first = new Date(Date.UTC(today.year, today.month - 1 + ahead, 1))
    const year = first.getUTCFullYear()
    const month = first.getUTCMonth() + 1
    const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate()
    if (dayOfMonth > daysInMonth) continue
    const midnight = { year, month, day: dayOfMonth, hour: 0, minute: 0, second: 0, millisecond: 0 }
    const start = epochOfWallTime(midnight, timezone)
    if (start > fromEpochMs) return start
  }
  return undefined
}
