/**
 * Checks the scenario's k6-form thresholds against what the run measured:
 * trends from the HDR histograms (virtual ms), rates and counts from the
 * run's counters, throughput per virtual second.
 */
import type * as hdr from 'hdr-histogram-js'
import type { ThresholdPlan } from '../../scenarios/plan-types.ts'
import type { ThresholdVerdict } from '../result/run-result.ts'

export interface MeasuredFigures {
  trend(metric: string): hdr.Histogram | undefined
  /** [numerator, denominator] of a rate metric. */
  rate(metric: string): [number, number] | undefined
  count(metric: string): number | undefined
  /** Per second of virtual time. */
  throughput(): number | undefined
}

export function checkThresholds(thresholds: readonly ThresholdPlan[], figures: MeasuredFigures): ThresholdVerdict[] {
  return thresholds.map((threshold) => {
    const actual = valueOf(threshold, figures)
    return { source: threshold.source, ok: actual !== null && compare(actual, threshold.operator, threshold.value), actual }
  })
}

function valueOf(threshold: ThresholdPlan, figures: MeasuredFigures): number | null {
  switch (threshold.aggregation) {
    case 'rate': {
      const rate = figures.rate(threshold.metric)
      return rate === undefined || rate[1] === 0 ? null : rate[0] / rate[1]
    }
    case 'count':
      return figures.count(threshold.metric) ?? null
    case 'throughput':
      return figures.throughput() ?? null
    default: {
      const histogram = figures.trend(threshold.metric)
      if (histogram === undefined || histogram.totalCount === 0) return null
      switch (threshold.aggregation) {
        case 'p':
          return histogram.getValueAtPercentile(threshold.percentile ?? 50)
        case 'med':
          return histogram.getValueAtPercentile(50)
        case 'avg':
          return histogram.mean
        case 'min':
          return histogram.minNonZeroValue
        case 'max':
          return histogram.maxValue
      }
    }
  }
}

function compare(actual: number, operator: ThresholdPlan['operator'], value: number): boolean {
  switch (operator) {
    case '<':
      return actual < value
    case '<=':
      return actual <= value
    case '>':
      return actual > value
    case '>=':
      return actual >= value
    case '==':
      return actual === value
    case '!=':
      return actual !== value
  }
}
