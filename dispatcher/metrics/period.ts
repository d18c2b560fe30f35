import type { Period } from './profiles.ts'

const DAY_MS = 86_400_000

const isoDay = (epochMs: number): string => new Date(epochMs).toISOString().slice(0, 10)

/** Start (UTC midnight, epoch ms) of the day, Monday-first week or month holding `at`. */
export function periodStartMs(at: number, period: Period): number {
  const date = new Date(at)
  const year = date.getUTCFullYear()
  const month = date.getUTCMonth()
  const day = date.getUTCDate()
  if (period === 'day') return Date.UTC(year, month, day)
  if (period === 'month') return Date.UTC(year, month, 1)
  const sinceMonday = (date.getUTCDay() + 6) % 7
  return Date.UTC(year, month, day - sinceMonday)
}

/** The start of the period after the one starting at `startMs`. */
export function nextPeriodStartMs(startMs: number, period: Period): number {
  if (period === 'day') return startMs + DAY_MS
  if (period === 'week') return startMs + 7 * DAY_MS
  const date = new Date(startMs)
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1)
}

/** `YYYY-MM-DD` of a period start (Trend.period). */
export const periodLabel = isoDay
