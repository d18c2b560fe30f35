/**
 * At the end of a run, reads what the dispatcher says about each campaign
 * (delivery states, person statuses, metrics in its profile, trends), and
 * joins its deliveries with the harness's intake log so the end-to-end
 * latencies can be measured from the wire. Everything it read is kept in
 * the run directory (`dispatcher-report/<campaign>.json`): what the oracle
 * compares with the ground truth, offline.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { CampaignFigures, DeliveryStates } from '../result/run-result.ts'
import { emptyStates } from './quiet.ts'
import type { RunContext } from './run-context.ts'

interface ListedDelivery {
  id: string
  messageId: string
  personId: string
}

/** The dispatcher's own account of one campaign, as it answered over the contract. */
export interface DispatcherReport {
  campaignId: string
  kind: 'campaign' | 'transactional'
  campaign: unknown
  deliveries: unknown[] | null
  messages: unknown[] | null
  metrics: unknown
  /** Metrics per A/B variant, by variant id. */
  variants: Record<string, unknown>
  trends: { day: unknown; week: unknown; month: unknown }
}

export const DISPATCHER_REPORT_DIR = 'dispatcher-report'

export async function collectCampaigns(ctx: RunContext, outDir: string): Promise<CampaignFigures[]> {
  const figures: CampaignFigures[] = []
  const reportDir = join(outDir, DISPATCHER_REPORT_DIR)
  mkdirSync(reportDir, { recursive: true })
  if (ctx.failure !== undefined) ctx.notes.push('the dispatcher’s figures were not collected: it had stopped answering')
  for (const { id, name, kind, expected } of ctx.campaignIds) {
    if (ctx.failure !== undefined) {
      figures.push({ id, name, kind, states: emptyStates(), planned: 0, expectedDeliveries: expected, metrics: null, trends: { day: null, week: null, month: null }, statuses: {} })
      continue
    }
    const [campaign, deliveries, messages, metrics, day, week, month] = await Promise.all([
      ctx.client.campaign(id),
      ctx.client.deliveries(id),
      ctx.client.messages(id),
      ctx.client.metrics(id),
      ctx.client.trends(id, 'day'),
      ctx.client.trends(id, 'week'),
      ctx.client.trends(id, 'month'),
    ])
    const failure = [campaign, deliveries, messages, metrics, day, week, month].find((answer) => !answer.ok)
    if (failure && !failure.ok) ctx.notes.push(`reading campaign ${name} from the dispatcher: ${failure.error.message}`)
    const states: DeliveryStates = { ...emptyStates(), ...(campaign.ok ? campaign.value.deliveries : {}) }
    if (deliveries.ok) {
      for (const delivery of deliveries.value as ListedDelivery[]) {
        const intakeAt = ctx.intake.of(id, delivery.personId, delivery.messageId)
        if (intakeAt !== undefined) ctx.measurements.intake(delivery.id, intakeAt)
      }
    }
    const definition = campaign.ok ? (campaign.value as { campaign?: { variants?: { id: string }[] } }).campaign : undefined
    const variants: Record<string, unknown> = {}
    for (const variant of definition?.variants ?? []) {
      const answer = await ctx.client.metrics(id, undefined, variant.id)
      variants[variant.id] = answer.ok ? answer.value : null
    }
    const report: DispatcherReport = {
      campaignId: id,
      kind,
      campaign: definition ?? null,
      deliveries: deliveries.ok ? deliveries.value : null,
      messages: messages.ok ? messages.value : null,
      metrics: metrics.ok ? metrics.value : null,
      variants,
      trends: { day: day.ok ? day.value : null, week: week.ok ? week.value : null, month: month.ok ? month.value : null },
    }
    writeFileSync(join(reportDir, `${id}.json`), JSON.stringify(report))
    const statuses: Record<string, number> = {}
    if (messages.ok) for (const message of messages.value as { status: string }[]) statuses[message.status] = (statuses[message.status] ?? 0) + 1
    figures.push({
      id,
      name,
      kind,
      states,
      planned: Object.values(states).reduce((total, count) => total + count, 0),
      expectedDeliveries: expected,
      metrics: metrics.ok ? metrics.value : null,
      trends: { day: day.ok ? day.value : null, week: week.ok ? week.value : null, month: month.ok ? month.value : null },
      statuses,
    })
  }
  return figures
}
