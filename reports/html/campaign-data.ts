/**
 * The numbers of one campaign's stats page, shaped from the run result:
 * each figure with the dispatcher's value, the oracle's and whether they
 * differ (the oracle's own comparison, kept in the result), the trends by
 * period, the person-status funnel and impressions by OS and device.
 */
import type { CampaignFigures, FigureValue, TrendPoint } from '../../harness/result/run-result.ts'
import { flatCounts } from './format.ts'

export interface FigureRow {
  figure: string
  /** As the dispatcher reported it; undefined when it did not. */
  dispatcher: unknown
  /** undefined when the oracle could not read the run. */
  oracle: FigureValue | undefined
  differs: boolean
}

const record = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {})

/** The figures of a scope (`overall` or a variant id) in the profile's order; without the oracle's, the dispatcher's own. */
export function figureRows(campaign: CampaignFigures, variant?: string): FigureRow[] {
  const oracle = campaign.oracle ? (variant === undefined ? campaign.oracle.overall : campaign.oracle.variants[variant]) : undefined
  const reported = record(variant === undefined ? campaign.metrics : record(campaign.variants)[variant])
  const prefix = variant === undefined ? 'overall' : `variant.${variant}`
  const figures = oracle ? Object.keys(oracle) : Object.keys(reported).filter((key) => key !== 'campaignId')
  return figures.map((figure) => ({ figure, dispatcher: reported[figure], oracle: oracle?.[figure], differs: campaign.oracle?.differences.includes(`${prefix}.${figure}`) ?? false }))
}

export function variantIds(campaign: CampaignFigures): string[] {
  return [...new Set([...Object.keys(campaign.oracle?.variants ?? {}), ...Object.keys(record(campaign.variants))])].sort()
}

export type Period = 'day' | 'week' | 'month'
export const PERIODS: readonly Period[] = ['day', 'week', 'month']

export interface TrendView {
  labels: string[]
  dispatcher: TrendPoint[]
  oracle: TrendPoint[] | null
  /** Periods whose rows differ, per the oracle. */
  differing: string[]
}

export function trendView(campaign: CampaignFigures, period: Period): TrendView {
  const reported = Array.isArray(campaign.trends[period]) ? (campaign.trends[period] as TrendPoint[]) : []
  const oracle = campaign.oracle?.trends[period] ?? null
  const labels = [...new Set([...reported.map((row) => row.period), ...(oracle ?? []).map((row) => row.period)])].sort()
  const aligned = (rows: readonly TrendPoint[]) => labels.map((label) => rows.find((row) => row.period === label) ?? { period: label, sent: 0, viewed: 0, clicked: 0 })
  const differing = (campaign.oracle?.differences ?? []).filter((key) => key.startsWith(`trends.${period}.`)).map((key) => key.slice(`trends.${period}.`.length))
  return { labels, dispatcher: aligned(reported), oracle: oracle === null ? null : aligned(oracle), differing }
}

/** §7 statuses as a funnel: every message, then those at least Sent, Delivered, Opened, Converted. */
export const FUNNEL = ['Messages', 'Sent', 'Delivered', 'Opened', 'Converted'] as const
const AT_LEAST: Readonly<Record<(typeof FUNNEL)[number], readonly string[] | null>> = {
  Messages: null,
  Sent: ['Sent', 'Delivered', 'Opened', 'Converted'],
  Delivered: ['Delivered', 'Opened', 'Converted'],
  Opened: ['Opened', 'Converted'],
  Converted: ['Converted'],
}

export function funnelOf(statuses: Readonly<Record<string, number>>): number[] {
  return FUNNEL.map((stage) => Object.entries(statuses).filter(([status]) => AT_LEAST[stage]?.includes(status) ?? true).reduce((total, [, count]) => total + count, 0))
}

export interface StatusRow {
  status: string
  dispatcher: number
  oracle: number | undefined
  differs: boolean
}

export function statusRows(campaign: CampaignFigures): StatusRow[] {
  const oracle = campaign.oracle?.statuses
  const statuses = [...new Set([...Object.keys(oracle ?? {}), ...Object.keys(campaign.statuses)])]
  return statuses.map((status) => ({ status, dispatcher: campaign.statuses[status] ?? 0, oracle: oracle === undefined ? undefined : (oracle[status] ?? 0), differs: campaign.oracle?.differences.includes(`statuses.${status}`) ?? false }))
}

/** Impressions by OS or device: the dispatcher's (mobile profile) beside the oracle's, over the union of keys. */
export function impressionSplit(campaign: CampaignFigures, by: 'impressionsByOs' | 'impressionsByDevice'): { keys: string[]; dispatcher: number[] | null; oracle: number[] | null } {
  const reported = record(campaign.metrics)[by]
  const dispatcher = reported === undefined ? null : flatCounts(reported)
  const oracle = campaign.oracle?.[by] ?? null
  const keys = [...new Set([...Object.keys(dispatcher ?? {}), ...Object.keys(oracle ?? {})])].sort()
  return { keys, dispatcher: dispatcher && keys.map((key) => dispatcher[key] ?? 0), oracle: oracle && keys.map((key) => oracle[key] ?? 0) }
}
