/**
 * matrix.html: one self-contained page (no script, no CDN), the reports'
 * stylesheet, the table with each verdict linking to its evidence, and
 * everything a library or the ledger said escaped.
 */
import { documentHead } from '../../reports/html/document-head.ts'
import { STYLES } from '../../reports/html/styles.ts'
import { xmlAttribute as attr, xmlText as esc } from '../../reports/xml-escape.ts'
import type { MatrixCell } from './cell.ts'
import { cellOf } from './render-markdown.ts'
import type { MatrixResult } from './run-matrix.ts'

const MATRIX_STYLES = `
td.v-pass { color: var(--good); font-weight: 600; } td.v-fail { background: var(--bg-bad); color: var(--bad); font-weight: 700; }
td.v-observed { color: #1d4ed8; } td.v-n\\/a, td.v-error { color: var(--muted); }
td a { color: inherit; }
`

const anchor = (cell: MatrixCell): string => `cell-${cell.library}-${cell.probe}`.replace(/[^A-Za-z0-9_-]+/g, '-')

function table(result: MatrixResult): string {
  const head = `<tr><th>library (provider)</th>${result.probes.map((probe) => `<th title="${attr(probe.question)}"><code>${esc(probe.id)}</code></th>`).join('')}</tr>`
  const rows = result.libraries.map((library) => {
    const cells = result.probes.map((probe) => {
      const cell = cellOf(result, library.id, probe.id)
      if (cell === undefined) return '<td>—</td>'
      return `<td class="v-${attr(cell.verdict)}" title="${attr(cell.summary)}"><a href="#${attr(anchor(cell))}">${esc(cell.verdict)}</a></td>`
    })
    return `<tr><th>${esc(library.id)} ${esc(library.version)} <small>(${esc(library.provider)})</small></th>${cells.join('')}</tr>`
  })
  return `<table class="matrix">${head}${rows.join('')}</table>`
}

function evidence(result: MatrixResult): string {
  return result.libraries
    .map((library) => {
      const items = result.cells
        .filter((cell) => cell.library === library.id)
        .map((cell) => {
          const lines = cell.evidence.map((item) => `<li>${item.seq && item.seq.length > 0 ? `<span class="seq">ledger seq ${esc(item.seq.join(', '))}</span>: ` : ''}${esc(item.note)}</li>`)
          return `<li id="${attr(anchor(cell))}"><code>${esc(cell.probe)}</code> <strong class="${cell.verdict === 'fail' ? 'failed' : cell.verdict === 'pass' ? 'ok' : ''}">${esc(cell.verdict)}</strong>: ${esc(cell.summary)}${lines.length > 0 ? `<ul class="evidence">${lines.join('')}</ul>` : ''}</li>`
        })
      return `<h3>${esc(library.id)} ${esc(library.version)} <small>(${esc(library.provider)})</small></h3><ul>${items.join('')}</ul>`
    })
    .join('\n')
}

export function renderMatrixHtml(result: MatrixResult): string {
  const legend = Object.entries(result.verdicts).map(([verdict, meaning]) => `<li><strong>${esc(verdict)}</strong>: ${esc(meaning)}</li>`)
  const questions = result.probes.map((probe) => `<li><code>${esc(probe.id)}</code>: ${esc(probe.question)}</li>`)
  return `${documentHead('pushsim matrix: push libraries under provider failures', "default-src 'none'; style-src 'unsafe-inline'", STYLES + MATRIX_STYLES)}<h1>Push libraries under provider failures</h1>
<p class="note">pushsim matrix: each library sends through its documented API, unmodified, in its own process under pushsim exec, to fresh simulators with one fault each; every verdict is judged from the simulators' ledger and what the library returned. Node ${esc(result.node)}.${result.notInstalled.length > 0 ? ` Not installed, left out: ${esc(result.notInstalled.join(', '))}.` : ''}</p>
${table(result)}
<h2>Verdicts</h2>
<ul>${legend.join('')}</ul>
<h2>Behaviours</h2>
<ul>${questions.join('')}</ul>
<h2>Evidence</h2>
${evidence(result)}
</body>
</html>
`
}
