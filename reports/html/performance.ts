/**
 * Performance (reports.md, k6 and Gatling): throughput over time, the HDR
 * latency percentile plot server-side (the exchange as the simulators
 * served it) and end to end (intake to acceptance), every latency's
 * summary, attempts per delivery, retry spacing against Retry-After, and
 * waits on abandoned exchanges against the declared read timeout. Virtual
 * time throughout.
 */
import type { RunResult, WireSeries } from '../../harness/result/run-result.ts'
import { xmlText as esc } from '../xml-escape.ts'
import { durationText, instantLabel } from './format.ts'
import { COLOURS } from './palette.ts'
import { PERCENTILES, percentileCurve, spread, throughputRates } from './performance-data.ts'
import { canvas, type ChartSpec, type Section } from './section.ts'

const CURVES = [
  ['exchange_latency', 'server-side (exchange)', COLOURS.neutral],
  ['first_attempt_to_accepted', 'first attempt → accepted', COLOURS.viewed],
  ['send_latency', 'end to end (intake → accepted)', COLOURS.sent],
  ['delivery_latency', 'accepted → device delivered', COLOURS.clicked],
] as const

const line = (label: string, colour: string, data: readonly (number | null)[], extra: Record<string, unknown> = {}) => ({ label, data, borderColor: colour, backgroundColor: colour, borderWidth: 2, pointRadius: 2, ...extra })

export function performanceSection(result: RunResult): Section {
  const charts: ChartSpec[] = []
  const parts = ['<section id="performance"><h2>Performance</h2><p class="note">Virtual time (wall time divided by the time scale), measured on the simulators’ side of the wire, free of coordinated omission.</p>']
  const wire = result.wire
  if (wire === undefined) parts.push('<p class="note">This run result has no wire series (written before pushsim kept them): throughput over time, attempts, retry spacing and timeouts are not shown.</p>')
  else parts.push(throughput(wire, charts))
  parts.push(latency(result, charts))
  if (wire !== undefined) parts.push(attempts(wire, charts), retrySpacing(wire, charts), timeouts(wire, charts))
  parts.push('</section>')
  return { html: parts.join('\n'), charts }
}

function throughput(wire: WireSeries, charts: ChartSpec[]): string {
  if (wire.throughput.points.length === 0) return '<h3>Throughput</h3><p>No exchange on the wire.</p>'
  const rates = throughputRates(wire.throughput)
  charts.push({
    id: 'throughput',
    config: {
      type: 'line',
      data: { labels: rates.map((point) => instantLabel(point.at)), datasets: [line('exchanges/s', COLOURS.neutral, rates.map((p) => p.exchanges)), line('accepted/s', COLOURS.sent, rates.map((p) => p.accepted)), line('errors/s', COLOURS.errors, rates.map((p) => p.errors))] },
      options: { scales: { y: { beginAtZero: true, title: { display: true, text: 'per virtual second' } } } },
    },
  })
  return `<h3>Throughput over time</h3><p class="note">Buckets of ${durationText(wire.throughput.bucketMs)}; buckets with no exchange (the calendar’s jumps) are left out.</p>${canvas('throughput', 'Exchanges, acceptances and errors per second over the run')}`
}

function latency(result: RunResult, charts: ChartSpec[]): string {
  const curves = CURVES.map(([name, label, colour]) => ({ name, label, colour, values: percentileCurve(result.histograms[name]) })).filter((curve) => curve.values !== null)
  const parts = ['<h3>Latency percentiles (HDR)</h3>']
  if (curves.length > 0) {
    // Logarithmic: device reports take hours where exchanges take milliseconds; a 0 ms value has no place on it (a gap).
    const datasets = curves.map((curve) => line(curve.label, curve.colour, curve.values!.map((value) => (value > 0 ? value : null))))
    charts.push({ id: 'latency', config: { type: 'line', data: { labels: PERCENTILES.map((p) => `${p}%`), datasets }, options: { scales: { y: { type: 'logarithmic', title: { display: true, text: 'virtual ms (log)' } }, x: { title: { display: true, text: 'percentile' } } } } } })
    parts.push(canvas('latency', 'Latency by percentile, server-side and end to end'))
  } else parts.push('<p>No latency was measured.</p>')
  const rows = Object.entries(result.histograms).filter(([, h]) => h.count > 0)
  parts.push('<table class="figures"><tr><th>measure</th><th>n</th><th>p50</th><th>p90</th><th>p95</th><th>p99</th><th>p99.9</th><th>max</th></tr>')
  for (const [name, h] of rows) {
    const show = (value: number | null) => (name === 'attempts' ? String(value ?? '–') : durationText(value))
    parts.push(`<tr><td>${esc(name)}</td><td>${h.count}</td><td>${show(h.p50)}</td><td>${show(h.p90)}</td><td>${show(h.p95)}</td><td>${show(h.p99)}</td><td>${show(h.p999)}</td><td>${show(h.max)}</td></tr>`)
  }
  parts.push('</table>')
  return parts.join('\n')
}

function attempts(wire: WireSeries, charts: ChartSpec[]): string {
  const counts = Object.entries(wire.attempts).sort(([a], [b]) => Number(a) - Number(b))
  if (counts.length === 0) return '<h3>Attempts per delivery</h3><p>No delivery reached the wire.</p>'
  charts.push({ id: 'attempts', config: { type: 'bar', data: { labels: counts.map(([n]) => n), datasets: [{ label: 'deliveries', data: counts.map(([, count]) => count), backgroundColor: COLOURS.sent }] }, options: { scales: { x: { title: { display: true, text: 'attempts on the wire' } } } } } })
  return `<h3>Attempts per delivery</h3>${canvas('attempts', 'Deliveries by number of attempts', 200)}`
}

function retrySpacing(wire: WireSeries, charts: ChartSpec[]): string {
  const { total, samples } = wire.retrySpacing
  if (total === 0) return '<h3>Retry spacing</h3><p>No delivery was retried.</p>'
  const seconds = (ms: number) => Math.round(ms) / 1000
  const announced = samples.filter((sample) => sample.retryAfterMs !== null)
  const early = announced.filter((sample) => sample.spacingMs < sample.retryAfterMs!).length
  const largest = Math.max(1, ...announced.map((sample) => seconds(sample.retryAfterMs!)))
  charts.push({
    id: 'retry-spacing',
    config: {
      type: 'scatter',
      data: {
        datasets: [
          { label: 'after a Retry-After', data: announced.map((sample) => ({ x: seconds(sample.retryAfterMs!), y: seconds(sample.spacingMs) })), backgroundColor: COLOURS.sent },
          { label: 'no Retry-After (x = 0)', data: samples.filter((sample) => sample.retryAfterMs === null).map((sample) => ({ x: 0, y: seconds(sample.spacingMs) })), backgroundColor: COLOURS.neutral },
          { label: 'waited = Retry-After', type: 'line', data: [{ x: 0, y: 0 }, { x: largest, y: largest }], borderColor: COLOURS.errors, borderDash: [4, 4], pointRadius: 0 },
        ],
      },
      options: { scales: { x: { type: 'linear', title: { display: true, text: 'Retry-After declared (virtual s)' } }, y: { beginAtZero: true, title: { display: true, text: 'waited before the retry (virtual s)' } } } },
    },
  })
  return `<h3>Retry spacing against Retry-After</h3><p>${total} retries${samples.length < total ? `, the first ${samples.length} shown` : ''}; ${announced.length} followed a Retry-After, ${early} of them sooner than it said (points under the line; the oracle’s <code>retry.retry-after.honoured</code> judges them within its tolerance).</p>${canvas('retry-spacing', 'Wait before each retry against the Retry-After declared')}`
}

function timeouts(wire: WireSeries, charts: ChartSpec[]): string {
  if (wire.timeouts.length === 0) return '<h3>Timeouts</h3><p>The dispatcher abandoned no exchange.</p>'
  const rows = wire.timeouts.map((entry) => ({ ...entry, spread: spread(entry.waitedMs) }))
  const seconds = (ms: number | undefined) => (ms === undefined ? null : Math.round(ms) / 1000)
  charts.push({
    id: 'timeouts',
    config: {
      type: 'bar',
      data: {
        labels: rows.map((row) => row.channel),
        datasets: [
          { label: 'declared read timeout', data: rows.map((row) => seconds(row.declaredMs)), backgroundColor: COLOURS.neutral },
          { label: 'median wait', data: rows.map((row) => seconds(row.spread?.median)), backgroundColor: COLOURS.sent },
          { label: 'longest wait', data: rows.map((row) => seconds(row.spread?.max)), backgroundColor: COLOURS.clicked },
        ],
      },
      options: { scales: { y: { beginAtZero: true, title: { display: true, text: 'virtual s' } } } },
    },
  })
  const table = rows.map((row) => `<tr><td>${esc(row.channel)}</td><td>${row.total}</td><td>${durationText(row.declaredMs)} (${row.source === 'declared' ? 'declared by the dispatcher' : '§2'})</td><td>${durationText(row.spread?.min ?? null)}</td><td>${durationText(row.spread?.median ?? null)}</td><td>${durationText(row.spread?.max ?? null)}</td></tr>`).join('')
  return `<h3>Timeouts against the declared value</h3>${canvas('timeouts', 'Waits on abandoned exchanges against the read timeout, per channel', 220)}<table class="figures"><tr><th>channel</th><th>abandoned</th><th>read timeout</th><th>shortest wait</th><th>median</th><th>longest</th></tr>${table}</table>`
}
