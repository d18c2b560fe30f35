/**
 * Trends (§8 web push profile): Sent / Viewed / Clicked per day, week (from
 * Monday) and month, UTC, by virtual time: an acceptance when it reached
 * the dispatcher, a view or click when the device says it happened (its
 * first report; Safari views unknown, so never counted as viewed).
 */
import { isSafari, viewedAt, type MessageFact } from '../aggregation/facts/model.ts'
import { acceptedOf } from './scope.ts'

export const PERIODS = ['day', 'week', 'month'] as const
export type Period = (typeof PERIODS)[number]

export interface TrendRow {
  sent: number
  viewed: number
  clicked: number
}

const DAY_MS = 86_400_000

/** Each period's key by UTC day number: a run spans a few days, its events number millions (npm run bench:oracle). */
const byDay: Record<Period, Map<number, string>> = { day: new Map(), week: new Map(), month: new Map() }

/** The period's first day, YYYY-MM-DD (UTC). */
export function periodOf(virtualMs: number, period: Period): string {
  const day = Math.floor(virtualMs / DAY_MS)
  let key = byDay[period].get(day)
  if (key === undefined) {
    key = periodOfDay(day * DAY_MS, period)
    if (byDay[period].size < 100_000) byDay[period].set(day, key)
  }
  return key
}

function periodOfDay(virtualMs: number, period: Period): string {
  const date = new Date(virtualMs)
  if (period === 'month') return `${date.toISOString().slice(0, 7)}-01`
  if (period === 'week') return new Date(virtualMs - ((date.getUTCDay() + 6) % 7) * DAY_MS).toISOString().slice(0, 10)
  return date.toISOString().slice(0, 10)
}

export function trendsOf(messages: readonly MessageFact[], period: Period): Map<string, TrendRow> {
  return trendsByPeriod(messages)[period]
}

// The three periods of a scope are asked for one after another: counted together, once (facts are never changed once built).
const counted = new WeakMap<readonly MessageFact[], Record<Period, Map<string, TrendRow>>>()

function trendsByPeriod(messages: readonly MessageFact[]): Record<Period, Map<string, TrendRow>> {
  let periods = counted.get(messages)
  if (periods !== undefined) return periods
  periods = { day: new Map(), week: new Map(), month: new Map() }
  const add = (at: number, figure: keyof TrendRow) => {
    for (const period of PERIODS) {
      const rows = periods[period]
      const key = periodOf(at, period)
      const row = rows.get(key) ?? { sent: 0, viewed: 0, clicked: 0 }
      row[figure]++
      rows.set(key, row)
    }
  }
  for (const delivery of acceptedOf(messages)) {
    add(delivery.acceptedAt!, 'sent')
    const seen = viewedAt(delivery)
    if (seen !== null && !isSafari(delivery.channel)) add(seen, 'viewed')
    if (delivery.openedAt !== null) add(delivery.openedAt, 'clicked')
  }
  counted.set(messages, periods)
  return periods
}
