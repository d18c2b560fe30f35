/** The report's header (k6's layout): what ran — scenario, seed, clock, dispatcher — the verdict, and the thresholds with ✓/✗. */
import type { RunResult } from '../../harness/result/run-result.ts'
import { xmlText as esc } from '../xml-escape.ts'
import type { Section } from './section.ts'

export const VERDICT: Readonly<Record<RunResult['status'], string>> = {
  passed: 'passed',
  'conformance-failed': 'conformance failed',
  'thresholds-failed': 'thresholds failed',
  deadline: 'did not settle',
  'dispatcher-failed': 'dispatcher failed',
}

export function header(result: RunResult): Section {
  const { scenario, clock, dispatcher } = result
  const c = result.counters
  const rows: [string, string][] = [
    ['scenario', `${scenario.name} (${scenario.source}, sha256 ${scenario.hash.slice(0, 12)}…)`],
    ['seed', scenario.seed],
    ['clock', `${clock.start} → ${clock.end}, time scale ${clock.timeScale}`],
    ['wall', `${result.wall.startedAt} → ${result.wall.endedAt} (${(result.wall.durationMs / 1000).toFixed(1)} s)`],
    ['dispatcher', `${dispatcher.url} (${dispatcher.mode}; ${dispatcher.capabilities.join(', ') || 'no capabilities'})`],
    ['audience', `${result.plan.persons} persons, ${result.plan.devices} devices`],
    ['deliveries', `${c.planned} planned: ${c.accepted} accepted, ${c.bounced} bounced, ${c.failed} failed, ${c.suppressed} suppressed, ${c.expired} expired${c.pending + c.attempting > 0 ? `, ${c.pending + c.attempting} still open` : ''}`],
  ]
  const thresholds = result.thresholds.length === 0 ? '<p>The scenario sets no thresholds.</p>' : `<ul class="thresholds">${result.thresholds.map((t) => `<li class="${t.ok ? 'ok' : 'failed'}">${t.ok ? '✓' : '✗'} <code>${esc(t.source)}</code> — actual ${t.actual === null ? 'nothing measured' : esc(String(Math.round(t.actual * 10_000) / 10_000))}</li>`).join('')}</ul>`
  const notes = result.notes.length === 0 ? '' : `<details class="notes"${result.status === 'passed' ? '' : ' open'}><summary>${result.notes.length} note${result.notes.length === 1 ? '' : 's'}</summary><ul>${result.notes.map((note) => `<li>${esc(note)}</li>`).join('')}</ul></details>`
  const html = `<header id="top"><h1>pushsim run <span class="name">${esc(scenario.name)}</span></h1>
<p class="verdict ${result.status === 'passed' ? 'ok' : 'failed'}">${result.status === 'passed' ? '✓' : '✗'} ${esc(VERDICT[result.status])} — ${esc(result.message)}</p>
<table class="facts">${rows.map(([key, value]) => `<tr><th>${key}</th><td>${esc(value)}</td></tr>`).join('')}</table>
<h2>Thresholds</h2>${thresholds}${notes}</header>`
  return { html, charts: [] }
}
