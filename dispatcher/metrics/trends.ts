import { factsOf } from './facts.ts'
import type { MetricsInput } from './input.ts'
import { nextPeriodStartMs, periodLabel, periodStartMs } from './period.ts'
import type { Period, Trend } from './profiles.ts'

/**
 * Trends of Sent / Viewed / Clicked per day, week (Monday first) or month, UTC (push-semantics §8):
 * a delivery counts as sent in the period of its acceptance, as viewed (clicked) in the period of its
 * first delivered (opened) report. Periods run without gaps from the first to the last with any
 * count, so a chart shows quiet days as zeros (interpretation); no data gives no periods.
 */
export function trends(input: MetricsInput, period: Period): Trend[] {
  const facts = factsOf(input)
  const buckets = new Map<number, Trend>()
  const bucket = (at: number): Trend => {
    const start = periodStartMs(at, period)
    let trend = buckets.get(start)
    if (!trend) buckets.set(start, (trend = { period: periodLabel(start), sent: 0, viewed: 0, clicked: 0 }))
    return trend
  }
  for (const delivery of facts.sent) if (delivery.acceptedAt !== null) bucket(delivery.acceptedAt).sent += 1
  for (const at of facts.firstReport.delivered.values()) bucket(at).viewed += 1
  for (const at of facts.firstReport.opened.values()) bucket(at).clicked += 1
  if (buckets.size === 0) return []
  const starts = [...buckets.keys()]
  const last = Math.max(...starts)
  const series: Trend[] = []
  for (let start = Math.min(...starts); start <= last; start = nextPeriodStartMs(start, period)) {
    series.push(buckets.get(start) ?? { period: periodLabel(start), sent: 0, viewed: 0, clicked: 0 })
  }
  return series
}
