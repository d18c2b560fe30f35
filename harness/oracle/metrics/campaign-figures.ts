/**
 * The oracle's own figures per campaign, for the reports to show beside the
 * dispatcher's (issue 12 §1): the figures of its profile overall and per
 * variant, trends, §7 statuses, impressions by OS and device, and errors by
 * dashboard code × channel with the provider answers behind them — all
 * recomputed from the ground truth, never copied from the dispatcher.
 */
import type { ErrorRow, FigureValue, OracleCampaignFigures, TrendPoint } from '../../result/run-result.ts'
import { visitCampaignRecords } from '../aggregation/facts/read-run.ts'
import type { CampaignClaims, CampaignFacts, MessageFact } from '../aggregation/facts/model.ts'
import { figureMatches } from './compare.ts'
import { findEntry } from '../../../simulators/catalogue/index.ts'
import { canonicalCode, canonicalCounts, deliveryErrorCode } from './errors.ts'
import type { FigureKinds } from './figure.ts'
import { mobileFigures } from './mobile-profile.ts'
import { personStatusFigures } from './person-status-profile.ts'
import { canonicalErrors, PROFILES } from './profile-cases.ts'
import { variantScope } from './scope.ts'
import { rate } from './rate.ts'
import { PERIODS, trendsOf } from './trends.ts'

const FREQUENCY = 'frequency_exceeded'

/** The oracle's figures of one campaign, and the dispatcher's per-variant claims they answer. */
export interface CampaignComparison {
  oracle: OracleCampaignFigures
  reportedVariants: Record<string, unknown>
}

export type OracleFiguresRead = { ok: true; campaigns: Map<string, CampaignComparison> } | { ok: false; reason: string }

/** Every campaign of the run directory, by the dispatcher's campaign id. */
export async function oracleCampaignFigures(runDir: string): Promise<OracleFiguresRead> {
  // Campaign by campaign: only the figures are kept, not the facts behind them.
  const campaigns = new Map<string, CampaignComparison>()
  const read = await visitCampaignRecords(runDir, ({ facts, claims }) => campaigns.set(facts.campaignId, { oracle: figuresOf(facts, claims), reportedVariants: claims.variants }))
  return read.ok ? { ok: true, campaigns } : read
}

export function figuresOf(facts: CampaignFacts, claims: CampaignClaims): OracleCampaignFigures {
  const spec = PROFILES.find((candidate) => candidate.profile === facts.profile)!
  const compute = spec.compute as (messages: readonly MessageFact[]) => Record<string, FigureValue>
  const variants = [...new Set([...Object.keys(claims.variants), ...facts.messages.map((message) => message.variantId).filter((id): id is string => id !== null)])].sort()
  const mobile = mobileFigures(facts.messages)
  const figures = {
    profile: facts.profile,
    overall: compute(facts.messages),
    variants: Object.fromEntries(variants.map((id) => [id, compute(variantScope(facts.messages, id))])),
    trends: Object.fromEntries(PERIODS.map((period) => [period, trendPoints(facts.messages, period)])) as OracleCampaignFigures['trends'],
    statuses: personStatusFigures(facts.messages).byStatus as Record<string, number>,
    impressionsByOs: mobile.impressionsByOs as Record<string, number>,
    impressionsByDevice: mobile.impressionsByDevice as Record<string, number>,
    errors: errorRows(facts.messages),
    reportedErrors: reportedErrors(claims.metrics),
    uplift: upliftOf(facts.messages),
  }
  return { ...figures, differences: differences(figures, claims, spec.kinds) }
}

/** The keys where the dispatcher's claims differ from the oracle's figures, compared as the metric cases compare them. */
function differences(figures: Omit<OracleCampaignFigures, 'differences'>, claims: CampaignClaims, kinds: FigureKinds): string[] {
  const keys: string[] = []
  const scope = (prefix: string, expected: Record<string, FigureValue>, reported: unknown) => {
    const record = typeof reported === 'object' && reported !== null ? (reported as Record<string, unknown>) : {}
    for (const [figure, kind] of Object.entries(kinds)) if (!figureMatches(kind, expected[figure], canonicalErrors(figure, record[figure]) ?? null)) keys.push(`${prefix}.${figure}`)
  }
  scope('overall', figures.overall, claims.metrics)
  for (const [id, expected] of Object.entries(figures.variants)) scope(`variant.${id}`, expected, claims.variants[id])
  for (const period of PERIODS) {
    const reported = Array.isArray(claims.trends[period]) ? (claims.trends[period] as TrendPoint[]) : []
    const got = new Map(reported.map((row) => [row.period, row]))
    const want = new Map(figures.trends[period].map((row) => [row.period, row]))
    for (const key of [...new Set([...got.keys(), ...want.keys()])].sort()) {
      const [a, b] = [want.get(key), got.get(key)]
      if ((a?.sent ?? 0) !== (b?.sent ?? 0) || (a?.viewed ?? 0) !== (b?.viewed ?? 0) || (a?.clicked ?? 0) !== (b?.clicked ?? 0)) keys.push(`trends.${period}.${key}`)
    }
  }
  const statuses: Record<string, number> = {}
  for (const { status } of claims.statuses ?? []) statuses[status] = (statuses[status] ?? 0) + 1
  for (const status of [...new Set([...Object.keys(statuses), ...Object.keys(figures.statuses)])].sort()) if ((statuses[status] ?? 0) !== (figures.statuses[status] ?? 0)) keys.push(`statuses.${status}`)
  return keys
}

function trendPoints(messages: readonly MessageFact[], period: (typeof PERIODS)[number]): TrendPoint[] {
  return [...trendsOf(messages, period)].sort(([a], [b]) => a.localeCompare(b)).map(([key, row]) => ({ period: key, ...row }))
}

/** Errors by code as the dispatcher reported them (web: `errorsByCode`; mobile: `errors.byCode`), canonical names; null when its profile has none (person-status). */
function reportedErrors(metrics: unknown): Record<string, number> | null {
  const record = typeof metrics === 'object' && metrics !== null ? (metrics as { errorsByCode?: unknown; errors?: { byCode?: unknown } }) : {}
  const counts = canonicalCounts(record.errorsByCode ?? record.errors?.byCode)
  if (typeof counts !== 'object' || counts === null) return null
  return Object.fromEntries(Object.entries(counts).filter((entry): entry is [string, number] => typeof entry[1] === 'number'))
}

/** §9: the conversion rate of persons sent the campaign against that of its control group (a held-out person's conversion is one its messages got). */
function upliftOf(messages: readonly MessageFact[]): OracleCampaignFigures['uplift'] {
  const persons = (list: readonly MessageFact[]) => new Set(list.map((message) => message.personId))
  const sent = persons(messages.filter((message) => !message.control && message.deliveries.some((delivery) => delivery.outcome === 'accepted')))
  const control = persons(messages.filter((message) => message.control))
  const converted = persons(messages.filter((message) => message.convertedAt !== null))
  const count = (group: Set<string>) => [...group].filter((person) => converted.has(person)).length
  const [sentRate, controlRate] = [rate(count(sent), sent.size), rate(count(control), control.size)]
  return { sentPersons: sent.size, sentConverted: count(sent), controlPersons: control.size, controlConverted: count(control), points: sentRate === null || controlRate === null ? null : sentRate - controlRate }
}

/** Bounced, failed and expired deliveries by code and channel (errors.ts counts them the same way, per code), with their answers. */
function errorRows(messages: readonly MessageFact[]): ErrorRow[] {
  const rows = new Map<string, ErrorRow>()
  const add = (rawCode: string, channel: string, answer: string) => {
    const code = canonicalCode(rawCode)
    const key = `${code}\u0000${channel}`
    const meaning = findEntry(code)?.label
    const row = rows.get(key) ?? { code, ...(meaning === undefined ? {} : { meaning }), channel, count: 0, answers: {} }
    row.count++
    row.answers[answer] = (row.answers[answer] ?? 0) + 1
    rows.set(key, row)
  }
  for (const message of messages) {
    for (const delivery of message.deliveries) {
      const code = deliveryErrorCode(delivery)
      if (code !== undefined) add(code, delivery.channel, delivery.answer ?? 'none')
    }
    // §10: a message stopped by the frequency cap counts once, on no channel.
    if (message.deliveries.some((delivery) => delivery.outcome === 'suppressed' && delivery.code === FREQUENCY)) add(FREQUENCY, 'message', 'none')
  }
  return [...rows.values()].sort((a, b) => b.count - a.count || a.code.localeCompare(b.code) || a.channel.localeCompare(b.channel))
}
