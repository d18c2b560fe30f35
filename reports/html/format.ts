/** How the HTML report writes numbers: counts as integers, rates as percents, unknown as "unknown", durations in the unit that reads best. */
import type { FigureValue } from '../../harness/result/run-result.ts'

const RATES = new Set(['ctr', 'impressionRate', 'clickRate', 'viewThroughConversion', 'clickThroughConversion', 'errorRate'])

export const isRate = (figure: string): boolean => RATES.has(figure)

const LABELS: Readonly<Record<string, string>> = {
  qualified: 'Qualified',
  sent: 'Sent',
  sends: 'Sends',
  recipients: 'Recipients',
  views: 'Views',
  impressions: 'Impressions',
  impressionRate: 'Impression rate',
  clicks: 'Clicks',
  clickRate: 'Click rate',
  ctr: 'CTR',
  convertedUsers: 'Converted users',
  errors: 'Errors',
  errorsByCode: 'Errors',
  errorRate: 'Error rate',
  controlGroup: 'Control group',
  viewThroughConversion: 'View-through conversion',
  clickThroughConversion: 'Click-through conversion',
  impressionsByOs: 'Impressions by OS',
  impressionsByDevice: 'Impressions by device',
  byStatus: 'Messages by status',
}

export const labelOf = (figure: string): string => LABELS[figure] ?? figure

/** `{errors: {technical: 1, byCode: {x: 2}}}` → `{technical: 1, 'byCode.x': 2}`: nested counts side by side with the oracle's flat ones. */
export function flatCounts(value: unknown, prefix = ''): Record<string, number> {
  const flat: Record<string, number> = {}
  if (typeof value !== 'object' || value === null) return flat
  for (const [key, inner] of Object.entries(value)) {
    if (typeof inner === 'number') flat[prefix + key] = inner
    else Object.assign(flat, flatCounts(inner, `${prefix}${key}.`))
  }
  return flat
}

/** A figure as text; `undefined`: the dispatcher did not report it. */
export function figureText(figure: string, value: FigureValue | unknown): string {
  if (value === undefined) return 'not reported'
  if (value === null) return 'unknown'
  if (typeof value === 'number') return isRate(figure) ? `${value.toFixed(2)} %` : Number.isInteger(value) ? value.toLocaleString('en-US') : value.toFixed(2)
  if (typeof value === 'object') {
    const entries = Object.entries(flatCounts(value)).filter(([, count]) => count !== 0)
    return entries.length === 0 ? 'none' : entries.sort(([a], [b]) => a.localeCompare(b)).map(([key, count]) => `${key.replace(/^byCode\./, '')} ${count}`).join(', ')
  }
  return String(value)
}

export function durationText(ms: number | null): string {
  if (ms === null) return '–'
  if (ms < 10_000) return `${Math.round(ms)} ms`
  if (ms < 600_000) return `${(ms / 1000).toFixed(1)} s`
  if (ms < 36_000_000) return `${(ms / 60_000).toFixed(1)} min`
  return `${(ms / 3_600_000).toFixed(1)} h`
}

/** `2026-10-06T09:00:20.000Z` → `10-06 09:00:20`: a chart axis label. */
export const instantLabel = (iso: string): string => `${iso.slice(5, 10)} ${iso.slice(11, 19)}`
