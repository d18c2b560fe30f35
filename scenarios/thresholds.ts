/**
 * k6-form thresholds, parsed and checked against the metric's type before
 * anything runs: `p99(send_latency) < 2s`, `p(99.9)(send_latency) < 5s`,
 * `avg(delivery_latency) <= 500ms`, `rate(errors) < 0.01` (or `< 1%`),
 * `count(dropped_iterations) == 0`, `throughput > 1000/s`.
 */
import type { Parsed } from '../simulators/faults/plan/shorthand-values.ts'
import { parseDuration, parseNumber, parseRate } from '../simulators/faults/plan/shorthand-values.ts'
import { nearest } from './decode/read.ts'
import type { ThresholdAggregation, ThresholdPlan } from './plan-types.ts'

type MetricType = 'trend' | 'rate' | 'counter' | 'throughput'

/** The metrics a run records, by type: what a threshold may name. */
export const METRICS: Readonly<Record<string, MetricType>> = {
  send_latency: 'trend',
  delivery_latency: 'trend',
  report_delay: 'trend',
  open_delay: 'trend',
  errors: 'rate',
  bounces: 'rate',
  retries: 'rate',
  delivered: 'rate',
  opened: 'rate',
  sent: 'counter',
  deliveries: 'counter',
  conversions: 'counter',
  dropped_iterations: 'counter',
  throughput: 'throughput',
}

const ALLOWED: Readonly<Record<MetricType, readonly ThresholdAggregation[]>> = {
  trend: ['p', 'avg', 'min', 'max', 'med'],
  rate: ['rate'],
  counter: ['count'],
  throughput: ['throughput'],
}
const BARE: Readonly<Record<MetricType, ThresholdAggregation | undefined>> = { trend: undefined, rate: 'rate', counter: 'count', throughput: 'throughput' }
const SHAPE = /^\s*(?:(p\(\s*[\d.]+\s*\)|p\d+(?:\.\d+)?|[a-z]+)\(\s*([a-z_]+)\s*\)|([a-z_]+))\s*(<=|>=|==|!=|<|>)\s*(\S+)\s*$/
const AGGREGATIONS = ['p', 'avg', 'min', 'max', 'med', 'rate', 'count', 'throughput']

export function parseThreshold(source: string): Parsed<ThresholdPlan> {
  const found = SHAPE.exec(source)
  if (found === null) return fail(`expected <aggregation>(<metric>) <op> <value> such as p99(send_latency) < 2s or rate(errors) < 0.01, got ${JSON.stringify(source)}`)
  const [, aggregationText, wrapped, bare, operator, valueText] = found
  const metric = (wrapped ?? bare)!
  const type = METRICS[metric]
  if (type === undefined) {
    const near = nearest(metric, Object.keys(METRICS))
    return fail(`unknown metric ${JSON.stringify(metric)}${near === undefined ? '' : ` (did you mean ${near}?)`}; expected one of: ${Object.keys(METRICS).join(', ')}`)
  }
  const aggregation = readAggregation(aggregationText, type)
  if (!aggregation.ok) return aggregation
  const { kind, percentile } = aggregation.value
  if (!ALLOWED[type].includes(kind)) return fail(`${kind}(…) does not apply to ${metric}, a ${type}; use ${ALLOWED[type].map((a) => `${a === 'p' ? 'p99' : a}(${metric})`).join(' or ')}`)
  const value = readValue(valueText!, type)
  if (!value.ok) return value
  return {
    ok: true,
    value: { source, metric, aggregation: kind, ...(percentile === undefined ? {} : { percentile }), operator: operator as ThresholdPlan['operator'], value: value.value },
  }
}

function readAggregation(text: string | undefined, type: MetricType): Parsed<{ kind: ThresholdAggregation; percentile?: number }> {
  if (text === undefined) {
    const kind = BARE[type]
    return kind === undefined ? fail(`a ${type} needs an aggregation: p99(…), p(99.9)(…), avg, min, max or med`) : { ok: true, value: { kind } }
  }
  const percentile = /^p\(?\s*([\d.]+)\s*\)?$/.exec(text)
  if (percentile !== null) {
    const value = Number(percentile[1])
    if (!(value > 0 && value <= 100)) return fail(`a percentile is above 0 and at most 100, got ${percentile[1]}`)
    return { ok: true, value: { kind: 'p', percentile: value } }
  }
  if (AGGREGATIONS.includes(text) && text !== 'p') return { ok: true, value: { kind: text as ThresholdAggregation } }
  const near = nearest(text, AGGREGATIONS)
  return fail(`unknown aggregation ${JSON.stringify(text)}${near === undefined ? '' : ` (did you mean ${near}?)`}; expected p99, p(99.9), avg, min, max, med, rate, count`)
}

function readValue(text: string, type: MetricType): Parsed<number> {
  switch (type) {
    case 'trend':
      return parseDuration(text)
    case 'rate': {
      const percent = text.endsWith('%') ? parseNumber(text.slice(0, -1)) : undefined
      const value = percent === undefined ? parseNumber(text) : percent.ok ? { ok: true as const, value: percent.value / 100 } : percent
      if (value.ok && (value.value < 0 || value.value > 1)) return fail(`a rate is from 0 to 1 (or 0% to 100%), got ${text}`)
      return value
    }
    case 'counter': {
      const value = parseNumber(text)
      return value.ok && !(Number.isInteger(value.value) && value.value >= 0) ? fail(`a count is a whole number, got ${text}`) : value
    }
    case 'throughput': {
      const rate = parseRate(text)
      return rate.ok ? { ok: true, value: rate.value.refillPerSecond } : parseNumber(text)
    }
  }
}

const fail = <T>(message: string): Parsed<T> => ({ ok: false, message })
