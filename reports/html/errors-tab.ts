/**
 * The Errors tab (reports.md, the vendor's Errors tab): failed and bounced
 * deliveries by dashboard code, grouped by channel, with the code's meaning
 * and the provider answers behind them (the oracle's, from the wire); the
 * dispatcher's count per code beside the oracle's, ≠ where they differ; and
 * every exchange by wire outcome.
 */
import type { ErrorRow, RunResult } from '../../harness/result/run-result.ts'
import { xmlText as esc } from '../xml-escape.ts'
import type { Section } from './section.ts'

export function errorsTab(result: RunResult): Section {
  const rows = mergeRows(result.campaigns.flatMap((campaign) => campaign.oracle?.errors ?? []))
  // Codes compare only over campaigns whose profile reports errors by code (not person-status).
  const comparable = result.campaigns.filter((campaign) => campaign.oracle?.reportedErrors)
  const reported: Record<string, number> = {}
  const byCode: Record<string, number> = {}
  for (const campaign of comparable) {
    for (const [code, count] of Object.entries(campaign.oracle!.reportedErrors!)) reported[code] = (reported[code] ?? 0) + count
    for (const row of campaign.oracle!.errors) byCode[row.code] = (byCode[row.code] ?? 0) + row.count
  }
  const uncompared = result.campaigns.filter((campaign) => campaign.oracle && !campaign.oracle.reportedErrors).map((campaign) => campaign.name)
  const parts = ['<section id="errors"><h2>Errors</h2>']
  const judged = result.campaigns.some((campaign) => campaign.oracle)
  if (!judged) parts.push('<p class="note">No campaign figures from the oracle in this run result: errors by code are not available.</p>')
  else if (rows.length === 0 && Object.keys(reported).length === 0) parts.push('<p>No delivery failed or bounced, and the dispatcher reports no error.</p>')
  else {
    const codes = [...new Set([...Object.keys(byCode), ...Object.keys(reported)])].sort((a, b) => (byCode[b] ?? 0) - (byCode[a] ?? 0) || a.localeCompare(b))
    parts.push(`<h3>By dashboard code</h3>${uncompared.length === 0 ? '' : `<p class="note">Not compared (their profile reports no errors by code; their errors are in the table by channel): ${esc(uncompared.join(', '))}.</p>`}<table class="figures"><tr><th>Code</th><th>dispatcher</th><th>oracle</th><th></th></tr>`)
    for (const code of codes) {
      const differs = (reported[code] ?? 0) !== (byCode[code] ?? 0)
      parts.push(`<tr class="${differs ? 'differs' : ''}"><td><code>${esc(code)}</code></td><td>${reported[code] ?? 0}</td><td>${byCode[code] ?? 0}</td><td>${differs ? '<span class="mark">≠</span>' : '<span class="same">=</span>'}</td></tr>`)
    }
    parts.push('</table><h3>By channel, with the provider answers</h3><table class="figures errors"><tr><th>Channel</th><th>Code</th><th>Meaning</th><th>Count</th><th>Provider answers (oracle, from the wire)</th></tr>')
    for (const row of rows) {
      const answers = Object.entries(row.answers).sort(([, a], [, b]) => b - a).map(([answer, count]) => `<code>${esc(answer)}</code> ×${count}`).join(', ')
      parts.push(`<tr><td>${esc(row.channel)}</td><td><code>${esc(row.code)}</code></td><td>${esc(row.meaning ?? '')}</td><td>${row.count}</td><td>${answers}</td></tr>`)
    }
    parts.push('</table>')
  }
  const exchanges = Object.entries(result.counters.exchanges).sort(([a], [b]) => a.localeCompare(b))
  parts.push(`<h3>Exchanges by wire outcome</h3><p>${exchanges.length === 0 ? 'No exchange.' : exchanges.map(([outcome, count]) => `<code>${esc(outcome)}</code> ×${count}`).join(', ')}</p>`)
  parts.push('</section>')
  return { html: parts.join('\n'), charts: [] }
}

/** The campaigns' rows summed per channel and code, answers included; ordered by channel, then count. */
function mergeRows(rows: readonly ErrorRow[]): ErrorRow[] {
  const merged = new Map<string, ErrorRow>()
  for (const row of rows) {
    const key = `${row.channel}\u0000${row.code}`
    const into = merged.get(key) ?? { ...row, count: 0, answers: {} }
    into.count += row.count
    for (const [answer, count] of Object.entries(row.answers)) into.answers[answer] = (into.answers[answer] ?? 0) + count
    merged.set(key, into)
  }
  return [...merged.values()].sort((a, b) => a.channel.localeCompare(b.channel) || b.count - a.count || a.code.localeCompare(b.code))
}
