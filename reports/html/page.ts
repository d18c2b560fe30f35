/**
 * The HTML report: one self-contained file (issue 12 §1) — the header, a
 * stats page per campaign, the Errors tab, performance and conformance —
 * with Chart.js and the charts' data inlined: no CDN, no network, readable
 * offline and printable. Reads the run result only, and nothing of the
 * moment it renders, so a saved run renders to the same bytes.
 */
import type { RunResult } from '../../harness/result/run-result.ts'
import { xmlAttribute, xmlText as esc } from '../xml-escape.ts'
import { campaignPage } from './campaign-page.ts'
import { chartLibrary } from './chart-library.ts'
import { CHART_SCRIPT } from './chart-script.ts'
import { conformanceSection } from './conformance.ts'
import { documentHead } from './document-head.ts'
import { errorsTab } from './errors-tab.ts'
import { header } from './header.ts'
import { performanceSection } from './performance.ts'
import { joinSections, type ChartSpec, type Section } from './section.ts'
import { STYLES } from './styles.ts'

export function renderHtml(result: RunResult): string {
  const campaigns: Section = result.campaigns.length === 0 ? { html: '<section id="campaigns"><h2>Campaigns</h2><p>No campaign in this run.</p></section>', charts: [] } : joinSections(result.campaigns.map((campaign, index) => campaignPage(campaign, index)))
  const body = joinSections([header(result), campaigns, errorsTab(result), performanceSection(result), conformanceSection(result)])
  const nav = [['top', 'Overview'], ...result.campaigns.map((campaign, index) => [`campaign-${index}`, campaign.name]), ['errors', 'Errors'], ['performance', 'Performance'], ['conformance', 'Conformance']]
  return `${documentHead(`pushsim run ${result.scenario.name}`, "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:", STYLES)}<nav>${nav.map(([id, label]) => `<a href="#${xmlAttribute(id!)}">${esc(label!)}</a>`).join('')}</nav>
${body.html}
<script type="application/json" id="pushsim-charts">${chartData(body.charts)}</script>
<script>${chartLibrary()}</script>
<script>${CHART_SCRIPT}</script>
</body>
</html>
`
}

/** JSON inside a script element: `<` written as \\u003c, so no text in it can end the element. */
const chartData = (charts: readonly ChartSpec[]): string => JSON.stringify(charts).replace(/</g, '\\u003c')
