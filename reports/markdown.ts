/**
 * A Markdown summary of a run, short enough for a CI step summary or a PR
 * comment (reports.md "The CI reader"): the verdict, thresholds, deliveries
 * by final state, the wire, device reports and latencies. Reads the run
 * result only.
 */
import type { HistogramFigures, RunResult } from '../harness/result/run-result.ts'

const VERDICT: Record<RunResult['status'], string> = {
  passed: '✅ passed',
  'conformance-failed': '❌ conformance failed',
  'thresholds-failed': '❌ thresholds failed',
  deadline: '❌ did not settle',
  'dispatcher-failed': '❌ dispatcher failed',
}

export function renderMarkdown(result: RunResult): string {
  const c = result.counters
  const lines: string[] = []
  lines.push(`## pushsim run \`${result.scenario.name}\`: ${VERDICT[result.status]}`)
  lines.push('')
  lines.push(`${result.message} Seed \`${result.scenario.seed}\`, calendar ${result.clock.start} → ${result.clock.end} (time scale ${result.clock.timeScale}), ${(result.wall.durationMs / 1000).toFixed(1)} s wall, dispatcher ${result.dispatcher.mode}.`)
  if (result.thresholds.length > 0) {
    lines.push('', '| threshold | actual | |', '| --- | ---: | :---: |')
    for (const t of [...result.thresholds].sort((a, b) => Number(a.ok) - Number(b.ok))) lines.push(`| \`${t.source}\` | ${t.actual === null ? '–' : round(t.actual)} | ${t.ok ? '✓' : '✗'} |`)
  }
  const conformance = result.conformance
  if (conformance !== null) {
    lines.push('', `**Conformance:** ${conformance.passed} passed, ${conformance.failed} failed (${conformance.failedInRuleSets} in the scenario's rule sets: ${conformance.ruleSets.join(', ') || 'none'}), ${conformance.skipped} skipped.`)
    const failed = conformance.cases.filter((c) => c.verdict === 'fail')
    if (failed.length > 0) {
      lines.push('', '| case | source | checked | violations | first |', '| --- | --- | ---: | ---: | --- |')
      for (const c of failed) lines.push(`| \`${c.id}\` | ${c.source.document} ${c.source.section} | ${c.checked} | ${c.violations} | ${(c.evidence[0]?.note ?? c.reason ?? '').replace(/\|/g, '\\|')} |`)
    }
  }
  lines.push('', '| campaign | planned | accepted | bounced | failed | suppressed | expired | open |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
  for (const campaign of result.campaigns) {
    const s = campaign.states
    lines.push(`| ${campaign.name} (${campaign.kind}) | ${campaign.planned} | ${s.accepted} | ${s.bounced} | ${s.failed} | ${s.suppressed} | ${s.expired} | ${s.pending + s.attempting} |`)
  }
  lines.push(`| **all** | **${c.planned}** | **${c.accepted}** | **${c.bounced}** | **${c.failed}** | **${c.suppressed}** | **${c.expired}** | **${c.pending + c.attempting}** |`)
  lines.push('', `**Wire:** ${c.onWire} deliveries attempted, ${c.acceptedOnWire} accepted; ${Object.entries(c.exchanges).sort().map(([outcome, count]) => `${outcome} ×${count}`).join(', ') || 'no exchanges'}.`)
  lines.push(`**Devices:** ${c.reports.received} pushes received; ${c.reports.delivered} delivered, ${c.reports.opened} opened, ${c.reports.converted} converted; ${c.reports.posted} reports posted (${c.reports.duplicates} duplicates, ${c.reports.failed} failed).`)
  const latencies = Object.entries(result.histograms).filter(([, h]) => h.count > 0)
  if (latencies.length > 0) {
    lines.push('', '| latency (virtual) | n | p50 | p95 | p99 | max |', '| --- | ---: | ---: | ---: | ---: | ---: |')
    for (const [name, h] of latencies) lines.push(`| ${name} | ${h.count} | ${ms(h, 'p50')} | ${ms(h, 'p95')} | ${ms(h, 'p99')} | ${ms(h, 'max')} |`)
  }
  const skipped = result.phases.filter((phase) => phase.skipped)
  for (const phase of skipped) lines.push('', `> phase **${phase.name}** skipped: ${phase.skipped}`)
  if (result.notes.length > 0) lines.push('', ...result.notes.map((note) => `- ${note}`))
  lines.push('', 'Charts, the stats page of each campaign beside the oracle’s figures, errors by code and every case’s evidence: `report.html` in the run directory (`pushsim report <run> --format html`).')
  return lines.join('\n') + '\n'
}

const round = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(4))
const ms = (h: HistogramFigures, key: 'p50' | 'p95' | 'p99' | 'max') => {
  const value = h[key]
  if (value === null) return '–'
  return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${value} ms`
}
