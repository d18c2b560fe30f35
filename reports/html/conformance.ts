/**
 * Conformance: every case with its verdict, failures first (those of the
 * scenario's rule sets before the merely reported), then passes, then
 * skips with their reasons; each failure's evidence names deliveries,
 * persons and the ledger sequence numbers, linked to the run's ledger file
 * with the command that finds the line.
 */
import type { ConformanceFigures, Evidence, RunResult } from '../../harness/result/run-result.ts'
import { entryText, evidenceFacts } from '../evidence-text.ts'
import { xmlAttribute, xmlText as esc } from '../xml-escape.ts'
import type { Section } from './section.ts'

type Case = ConformanceFigures['cases'][number]

const ORDER: Readonly<Record<Case['verdict'], number>> = { fail: 0, pass: 1, skipped: 2 }
const SYMBOL: Readonly<Record<Case['verdict'], string>> = { fail: '✗', pass: '✓', skipped: '–' }

export function conformanceSection(result: RunResult): Section {
  const conformance = result.conformance
  const parts = ['<section id="conformance"><h2>Conformance</h2>']
  if (conformance === null) {
    parts.push('<p class="note">The oracle could not read this run; its reason is among the notes.</p></section>')
    return { html: parts.join('\n'), charts: [] }
  }
  const inRuleSets = (item: Case) => item.ruleSet !== null && conformance.ruleSets.includes(item.ruleSet)
  const cases = [...conformance.cases].sort((a, b) => ORDER[a.verdict] - ORDER[b.verdict] || Number(inRuleSets(b)) - Number(inRuleSets(a)) || a.id.localeCompare(b.id))
  parts.push(`<p>${conformance.passed} passed, ${conformance.failed} failed (${conformance.failedInRuleSets} in the scenario’s rule sets: ${esc(conformance.ruleSets.join(', ') || 'none')}), ${conformance.skipped} skipped.</p>`)
  parts.push('<table class="cases"><tr><th></th><th>Case</th><th>Rule set</th><th>Source</th><th>Checked</th><th>Violations</th><th>Verdict and evidence</th></tr>')
  for (const item of cases) {
    const outside = item.verdict === 'fail' && !inRuleSets(item) ? ' <small>(reported: outside the scenario’s rule sets)</small>' : ''
    const detail = item.verdict === 'pass' ? esc(item.title) : `${esc(item.reason ?? item.title)}${outside}${evidenceList(item, result.ledger)}`
    parts.push(`<tr class="${item.verdict}" id="case-${xmlAttribute(item.id)}"><td>${SYMBOL[item.verdict]}</td><td><code>${esc(item.id)}</code></td><td>${esc(item.ruleSet ?? '–')}</td><td>${esc(`${item.source.document} ${item.source.section}`)}</td><td>${item.checked}</td><td>${item.violations}</td><td>${detail}</td></tr>`)
  }
  parts.push('</table></section>')
  return { html: parts.join('\n'), charts: [] }
}

function evidenceList(item: Case, ledger: string): string {
  const entries = (item.entries ?? []).filter((entry) => entry.verdict !== 'pass').map((entry) => `<li>entry ${esc(entryText(entry))}</li>`)
  if (item.evidence.length === 0 && entries.length === 0) return ''
  const more = item.violations > item.evidence.length ? `<li>${item.violations - item.evidence.length} more not shown</li>` : ''
  return `<ul class="evidence">${item.evidence.map((evidence) => `<li>${esc(evidence.note)}${esc(evidenceFacts({ ...evidence, seq: [] }))}${seqLinks(evidence, ledger)}</li>`).join('')}${more}${entries.join('')}</ul>`
}

/** Each seq links to the ledger file beside the report (a relative path; anything else is shown, not linked). */
function seqLinks(evidence: Evidence, ledger: string): string {
  if (evidence.seq === undefined || evidence.seq.length === 0) return ''
  const linkable = ledger !== '' && !ledger.includes(':') && !ledger.startsWith('/')
  const one = (seq: number) => {
    const title = `jq -c 'select(.seq == ${seq})' ${ledger}`
    return linkable ? `<a class="seq" href="${xmlAttribute(ledger)}" title="${xmlAttribute(title)}">${seq}</a>` : `<span class="seq" title="${xmlAttribute(title)}">${seq}</span>`
  }
  return ` <span class="seqs">ledger seq ${evidence.seq.map(one).join(', ')}</span>`
}
