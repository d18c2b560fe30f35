/**
 * At the end of a run, reads what the dispatcher says about each campaign
 * (delivery states, person statuses, metrics in its profile, trends), and
 * joins its deliveries with the harness's intake log so the end-to-end
 * latencies can be measured from the wire.
 */
import type { CampaignFigures, DeliveryStates } from '../result/run-result.ts'
import { emptyStates } from './quiet.ts'
import type { RunContext } from './run-context.ts'

interface ListedDelivery {
  id: string
  messageId: string
  personId: string
}

export async function collectCampaigns(ctx: RunContext): Promise<CampaignFigures[]> {
  const figures: CampaignFigures[] = []
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
