/**
 * The console summary of a run: what ran, how it ended, the dispatcher's
 * delivery states, the wire, the devices, latencies, errors by code,
 * verdicts by rule family and thresholds. Reads the run result only.
 */
import type { HistogramFigures, RunResult } from '../harness/result/run-result.ts'
import { verdictsByFamily } from './rule-family.ts'

export function renderConsoleSummary(result: RunResult, runDir: string): string {
  const c = result.counters
  const lines: string[] = []
  const status = { passed: 'PASSED', 'conformance-failed': 'CONFORMANCE FAILED', 'thresholds-failed': 'THRESHOLDS FAILED', deadline: 'DID NOT SETTLE', 'dispatcher-failed': 'DISPATCHER FAILED' }[result.status]
  lines.push(`pushsim run ${result.scenario.name} (seed ${result.scenario.seed}): ${status} — ${result.message}`)
  lines.push(`  clock      ${result.clock.start} → ${result.clock.end} (time scale ${result.clock.timeScale}); wall ${(result.wall.durationMs / 1000).toFixed(1)} s`)
  lines.push(`  dispatcher ${result.dispatcher.url} (${result.dispatcher.mode}; ${result.dispatcher.capabilities.join(', ') || 'no capabilities'})`)
  lines.push(`  audience   ${result.plan.persons} persons, ${result.plan.devices} devices (${Object.entries(result.plan.tokenStates).map(([state, count]) => `${count} ${state}`).join(', ')})`)
  for (const phase of result.phases) {
    if (phase.skipped) {
      lines.push(`  phase      ${phase.name}: skipped — ${phase.skipped}`)
      continue
    }
    const executors = phase.executors.map((e) => `${e.name} ${e.arrivals} in, ${e.messages} messages${e.dropped ? `, ${e.dropped} dropped` : ''}${e.failed ? `, ${e.failed} failed` : ''}`).join('; ')
    lines.push(`  phase      ${phase.name} at ${phase.startedAt}: ${executors}`)
  }
  const sum = c.accepted + c.bounced + c.failed + c.suppressed + c.expired
  lines.push(`  deliveries ${c.planned} planned = ${c.accepted} accepted + ${c.bounced} bounced + ${c.failed} failed + ${c.suppressed} suppressed + ${c.expired} expired${c.pending + c.attempting > 0 ? ` (+ ${c.pending + c.attempting} still open)` : ''}${sum + c.pending + c.attempting === c.planned ? '' : '  ✗ does not add up'}`)
  lines.push(`  wire       ${c.onWire} deliveries attempted, ${c.acceptedOnWire} accepted${c.acceptedAgainOnWire > 0 ? ` (${c.acceptedAgainOnWire} accepted again: duplicates)` : ''}; exchanges ${Object.entries(c.exchanges).sort().map(([outcome, count]) => `${outcome} ×${count}`).join(', ') || 'none'}`)
  lines.push(`  devices    ${c.reports.received} pushes received; decided ${c.reports.delivered} delivered, ${c.reports.opened} opened, ${c.reports.converted} converted; ${c.reports.posted} reports posted (${c.reports.duplicates} duplicates, ${c.reports.failed} failed)`)
  for (const name of ['send_latency', 'first_attempt_to_accepted', 'exchange_latency', 'delivery_latency']) {
    const histogram = result.histograms[name]
    if (histogram && histogram.count > 0) lines.push(`  ${name.padEnd(10)} ${latency(histogram)}`)
  }
  const errors = errorsByCode(result)
  if (errors.length > 0) lines.push(`  errors     ${errors.map(([code, count]) => `${code} ×${count}`).join(', ')} (oracle, by dashboard code)`)
  const conformance = result.conformance
  if (conformance !== null) {
    lines.push(`  conformance ${conformance.passed} passed, ${conformance.failed} failed (${conformance.failedInRuleSets} in ${conformance.ruleSets.join(', ') || 'no named rule set'}), ${conformance.skipped} skipped`)
    lines.push(`  by family  ${verdictsByFamily(conformance).map(({ family, pass, fail, skipped }) => `${fail > 0 ? '✗' : pass > 0 ? '✓' : '–'} ${family} ${pass}/${pass + fail}${skipped > 0 ? ` (+${skipped} skipped)` : ''}`).join(', ')}`)
    for (const failed of conformance.cases.filter((c) => c.verdict === 'fail')) lines.push(`  ✗ ${failed.id}${failed.ruleSet && conformance.ruleSets.includes(failed.ruleSet) ? '' : ' (reported: outside the scenario’s rule sets)'}: ${failed.reason ?? failed.title}`)
  }
  for (const threshold of result.thresholds) lines.push(`  ${threshold.ok ? '✓' : '✗'} ${threshold.source} (actual ${threshold.actual === null ? 'nothing measured' : round(threshold.actual)})`)
  for (const note of result.notes) lines.push(`  note: ${note}`)
  lines.push(`  run directory ${runDir} (run-result.json, ${result.ledger})`)
  return lines.join('\n') + '\n'
}

const round = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(4))
const ms = (value: number | null) => {
  if (value === null) return '–'
  if (value < 10_000) return `${value}ms`
  if (value < 600_000) return `${(value / 1000).toFixed(1)}s`
  if (value < 36_000_000) return `${(value / 60_000).toFixed(1)}min`
  return `${(value / 3_600_000).toFixed(1)}h`
}
const latency = (h: HistogramFigures) => `n=${h.count} p50 ${ms(h.p50)} p95 ${ms(h.p95)} p99 ${ms(h.p99)} max ${ms(h.max)} (virtual)`

/** Failed and bounced deliveries by dashboard code over every campaign, as the oracle counts them, most first. */
function errorsByCode(result: RunResult): [string, number][] {
  const counts: Record<string, number> = {}
  for (const campaign of result.campaigns) for (const row of campaign.oracle?.errors ?? []) counts[row.code] = (counts[row.code] ?? 0) + row.count
  return Object.entries(counts).sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
}
