/**
 * One campaign's stats page, in the vendor's layout (reports.md, seeds/):
 * tiles (Sent, Views/Impressions, Clicks, CTR, conversions, …), control-group
 * uplift, the message trend per day / week / month, the per-variant table,
 * impressions by OS and device and the person-status funnel — each figure
 * with the dispatcher's value, the oracle's, and ≠ where they differ.
 */
import type { CampaignFigures } from '../../harness/result/run-result.ts'
import { xmlText as esc } from '../xml-escape.ts'
import { FUNNEL, PERIODS, figureRows, funnelOf, impressionSplit, statusRows, trendView, variantIds, type FigureRow, type Period } from './campaign-data.ts'
import { figureText, labelOf } from './format.ts'
import { COLOURS, dispatcherSeries, oracleSeries } from './palette.ts'
import { canvas, type ChartSpec, type Section } from './section.ts'

/** Shown as charts, not tiles. */
const CHARTED = new Set(['impressionsByOs', 'impressionsByDevice', 'byStatus'])
/** The per-variant table's columns (reports.md: Sent, Viewed, Clicked, CTR, Errors), whichever of them the profile has. */
const VARIANT_COLUMNS = ['sent', 'sends', 'views', 'impressions', 'clicks', 'ctr', 'errors', 'errorsByCode', 'errorRate']

export function campaignPage(campaign: CampaignFigures, index: number): Section {
  const id = `campaign-${index}`
  const profile = campaign.oracle?.profile ?? 'profile unknown'
  const charts: ChartSpec[] = []
  const parts: string[] = []
  parts.push(`<section class="campaign" id="${id}"><h2>${esc(campaign.name)} <small>${esc(campaign.kind)} · ${esc(profile)} · ${esc(campaign.id)}</small></h2>`)
  if (campaign.oracle === undefined || campaign.oracle === null) parts.push('<p class="note">The oracle’s figures are not in this run result: only the dispatcher’s are shown.</p>')
  parts.push(tiles(figureRows(campaign).filter((row) => !CHARTED.has(row.figure))))
  parts.push(uplift(campaign))
  charts.push(trendChart(campaign, `${id}-trend`))
  parts.push(`<h3>Message trend</h3><div class="switch" data-chart="${id}-trend">${PERIODS.map((period) => `<button type="button" data-view="${period}"${period === 'day' ? ' aria-pressed="true"' : ''}>${period}</button>`).join('')}</div>`)
  parts.push(canvas(`${id}-trend`, `Sent, viewed and clicked per period for ${campaign.name}`))
  parts.push(trendDifferences(campaign))
  parts.push(variantTable(campaign))
  parts.push('<div class="pair">')
  for (const [by, title] of [['impressionsByOs', 'Impressions by OS'], ['impressionsByDevice', 'Impressions by device']] as const) {
    const split = impressionSplit(campaign, by)
    const differs = campaign.oracle?.differences.includes(`overall.${by}`) ?? false
    if (split.keys.length === 0) {
      parts.push(`<div><h3>${title}</h3><p>No impression to split${campaign.oracle?.overall.views === null || campaign.oracle?.overall.impressions === null ? ': Safari’s views are unknown (§10)' : ''}.</p></div>`)
      continue
    }
    charts.push({ id: `${id}-${by}`, config: { type: 'bar', data: { labels: split.keys, datasets: [...(split.dispatcher ? [dispatcherSeries(title, COLOURS.dispatcher, split.dispatcher)] : []), ...(split.oracle ? [oracleSeries(title, COLOURS.oracle, split.oracle)] : [])] } } })
    parts.push(`<div><h3>${title}${differs ? ' <span class="mark" title="the dispatcher differs from the oracle">≠</span>' : ''}</h3>${canvas(`${id}-${by}`, `${title} for ${campaign.name}`, 200)}${split.dispatcher ? '' : '<p class="note">The dispatcher does not report this split in its profile; the oracle’s only.</p>'}</div>`)
  }
  parts.push('</div>')
  charts.push(funnelChart(campaign, `${id}-funnel`))
  parts.push(`<h3>Person-status funnel</h3>${canvas(`${id}-funnel`, `Person-status funnel for ${campaign.name}`, 220)}`)
  parts.push(statusTable(campaign))
  parts.push('</section>')
  return { html: parts.join('\n'), charts }
}

const mark = (row: { differs: boolean }) => (row.differs ? '<span class="mark" title="the dispatcher differs from the oracle">≠</span>' : '<span class="same" title="the dispatcher agrees with the oracle">=</span>')

function tiles(rows: readonly FigureRow[]): string {
  const tile = (row: FigureRow) =>
    `<div class="tile${row.differs ? ' differs' : ''}"><div class="label">${esc(labelOf(row.figure))}</div><div class="value">${esc(figureText(row.figure, row.dispatcher))}</div><div class="oracle">oracle ${esc(row.oracle === undefined ? '–' : figureText(row.figure, row.oracle))} ${row.oracle === undefined ? '' : mark(row)}</div></div>`
  return `<div class="tiles">${rows.map(tile).join('')}</div>`
}

function uplift(campaign: CampaignFigures): string {
  const u = campaign.oracle?.uplift
  if (!u) return ''
  if (u.controlPersons === 0) return '<p class="uplift">No control group in this campaign.</p>'
  const pct = (converted: number, persons: number) => (persons === 0 ? 'unknown' : `${((converted / persons) * 100).toFixed(2)} %`)
  return `<p class="uplift"><b>Control-group uplift</b> (oracle): ${u.sentConverted} of ${u.sentPersons} persons sent converted (${pct(u.sentConverted, u.sentPersons)}), ${u.controlConverted} of ${u.controlPersons} held out (${pct(u.controlConverted, u.controlPersons)}): uplift ${u.points === null ? 'unknown' : `${u.points.toFixed(2)} points`}.</p>`
}

function trendChart(campaign: CampaignFigures, chartId: string): ChartSpec {
  const views = Object.fromEntries(
    PERIODS.map((period: Period) => {
      const view = trendView(campaign, period)
      const series = (['sent', 'viewed', 'clicked'] as const).flatMap((figure) => [dispatcherSeries(figure, COLOURS[figure], view.dispatcher.map((row) => row[figure])), ...(view.oracle ? [oracleSeries(figure, COLOURS[figure], view.oracle.map((row) => row[figure]))] : [])])
      return [period, { labels: view.labels, datasets: series }]
    }),
  )
  // Bars: a campaign of a day or two has one or two periods, which a line would leave as lone dots.
  return { id: chartId, config: { type: 'bar', data: views.day, options: { scales: { y: { beginAtZero: true } } } }, views }
}

function trendDifferences(campaign: CampaignFigures): string {
  const differing = PERIODS.flatMap((period) => trendView(campaign, period).differing.map((key) => `${period} ${key}`))
  return differing.length === 0 ? '' : `<p class="differs-note"><span class="mark">≠</span> The dispatcher’s trend differs from the oracle’s for: ${esc(differing.join(', '))}.</p>`
}

function variantTable(campaign: CampaignFigures): string {
  const variants = variantIds(campaign)
  if (variants.length === 0) return ''
  const columns = VARIANT_COLUMNS.filter((figure) => figureRows(campaign).some((row) => row.figure === figure))
  const head = `<tr><th>Variant</th>${columns.map((figure) => `<th>${esc(labelOf(figure))}</th>`).join('')}</tr>`
  const body = variants.map((variant) => {
    const rows = figureRows(campaign, variant)
    const cell = (figure: string) => {
      const row = rows.find((candidate) => candidate.figure === figure)
      return row === undefined ? '<td>–</td>' : `<td class="${row.differs ? 'differs' : ''}">${esc(figureText(figure, row.dispatcher))}<br><small>oracle ${esc(row.oracle === undefined ? '–' : figureText(figure, row.oracle))} ${row.oracle === undefined ? '' : mark(row)}</small></td>`
    }
    return `<tr><th>${esc(variant)}</th>${columns.map(cell).join('')}</tr>`
  })
  return `<h3>Variants</h3><table class="figures">${head}${body.join('')}</table>`
}

function funnelChart(campaign: CampaignFigures, chartId: string): ChartSpec {
  const datasets = [dispatcherSeries('persons’ messages', COLOURS.dispatcher, funnelOf(campaign.statuses)), ...(campaign.oracle ? [oracleSeries('persons’ messages', COLOURS.oracle, funnelOf(campaign.oracle.statuses))] : [])]
  return { id: chartId, config: { type: 'bar', data: { labels: [...FUNNEL], datasets }, options: { indexAxis: 'y' } } }
}

function statusTable(campaign: CampaignFigures): string {
  const rows = statusRows(campaign)
  if (rows.length === 0) return ''
  return `<table class="figures"><tr><th>Status (§7)</th><th>dispatcher</th><th>oracle</th><th></th></tr>${rows.map((row) => `<tr class="${row.differs ? 'differs' : ''}"><td>${esc(row.status)}</td><td>${row.dispatcher}</td><td>${row.oracle ?? '–'}</td><td>${row.oracle === undefined ? '' : mark(row)}</td></tr>`).join('')}</table>`
}
