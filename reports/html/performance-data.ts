/**
 * The performance section's numbers, shaped from the run result: latency
 * percentile curves decoded from the result's HDR histograms, throughput
 * per second per bucket, and the spread of waits on abandoned exchanges.
 */
import * as hdr from 'hdr-histogram-js'
import type { HistogramFigures, WireSeries } from '../../harness/result/run-result.ts'

/** The percentiles of an HDR plot: dense at the tail, where latency lives. */
export const PERCENTILES = [0, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.99, 100] as const

/** Values at PERCENTILES, or null for an empty histogram. */
export function percentileCurve(histogram: HistogramFigures | undefined): number[] | null {
  if (histogram === undefined || histogram.count === 0 || histogram.hdr === '') return null
  const decoded = hdr.decodeFromCompressedBase64(histogram.hdr)
  try {
    return PERCENTILES.map((percentile) => (percentile === 100 ? decoded.maxValue : decoded.getValueAtPercentile(percentile)))
  } finally {
    decoded.destroy()
  }
}

/** Per second within each bucket: what a rate chart shows. */
export function throughputRates(series: WireSeries['throughput']): { at: string; exchanges: number; accepted: number; errors: number }[] {
  const seconds = series.bucketMs / 1000
  const per = (count: number) => Math.round((count / seconds) * 100) / 100
  return series.points.map((point) => ({ at: point.at, exchanges: per(point.exchanges), accepted: per(point.accepted), errors: per(point.errors) }))
}

export function spread(values: readonly number[]): { min: number; median: number; max: number } | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  return { min: sorted[0]!, median: sorted[Math.floor((sorted.length - 1) / 2)]!, max: sorted.at(-1)! }
}
