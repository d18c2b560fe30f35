/**
 * At the end of a run, reads what the dispatcher says about each campaign
 * (delivery states, person statuses, metrics in its profile, trends), and
 * joins its deliveries with the harness's intake log so the end-to-end
 * latencies can be measured from the wire. Everything it read is kept in
 * the run directory (`dispatcher-report/<campaign>.json`): what the oracle
 * compares with the ground truth, offline. The long lists (deliveries,
 * messages) are read a page at a time when the dispatcher offers it and
 * streamed into that file, so neither process holds a 100k list whole.
 * The devices' last statuses follow, when the dispatcher lists them
 * (collect-devices.ts).
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { CampaignFigures, DeliveryStates } from '../result/run-result.ts'
import type { ContractError } from '../contract/client.ts'
import { collectDevices } from './collect-devices.ts'
import { openJsonListFile, type JsonListFile } from './json-list-file.ts'
import { readList, type ListReads } from './list-reader.ts'
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
    const [campaign, metrics, day, week, month] = await Promise.all([ctx.client.campaign(id), ctx.client.metrics(id), ctx.client.trends(id, 'day'), ctx.client.trends(id, 'week'), ctx.client.trends(id, 'month')])
    const failure = [campaign, metrics, day, week, month].find((answer) => !answer.ok)
    if (failure && !failure.ok) ctx.notes.push(`reading campaign ${name} from the dispatcher: ${failure.error.message}`)
    const states: DeliveryStates = { ...emptyStates(), ...(campaign.ok ? campaign.value.deliveries : {}) }
    const definition = campaign.ok ? (campaign.value as { campaign?: { variants?: { id: string }[] } }).campaign : undefined
    const variants: Record<string, unknown> = {}
    for (const variant of definition?.variants ?? []) {
      const answer = await ctx.client.metrics(id, undefined, variant.id)
      variants[variant.id] = answer.ok ? answer.value : null
    }
    const trends = { day: day.ok ? day.value : null, week: week.ok ? week.value : null, month: month.ok ? month.value : null }
    const statuses: Record<string, number> = {}
    // The report file is written as the lists are read (DispatcherReport's shape): one page in memory at a time.
    const file = openJsonListFile(join(reportDir, `${id}.json`))
    try {
      file.value('campaignId', id)
      file.value('kind', kind)
      file.value('campaign', definition ?? null)
      const paged = ctx.capabilities.has('paged-reads')
      const listed = (list: string, error: ContractError | undefined) => error && ctx.notes.push(`reading the ${list} of campaign ${name} from the dispatcher: ${error.message}`)
      // Intake instants are measured as pages arrive: a list cut short still measured the deliveries it gave.
      const deliveriesRead = await writeList(file, 'deliveries', { whole: () => ctx.client.deliveries(id), page: (limit, after) => ctx.client.deliveriesPage(id, limit, after) }, paged, (delivery: ListedDelivery) => {
        const intakeAt = ctx.intake.of(id, delivery.personId, delivery.messageId)
        if (intakeAt !== undefined) ctx.measurements.intake(delivery.id, intakeAt)
      })
      listed('deliveries', deliveriesRead)
      const messagesRead = await writeList(file, 'messages', { whole: () => ctx.client.messages(id), page: (limit, after) => ctx.client.messagesPage(id, limit, after) }, paged, (message: { status: string }) => {
        statuses[message.status] = (statuses[message.status] ?? 0) + 1
      })
      listed('messages', messagesRead)
      // Person statuses from a list read in part would undercount: none, as when it could not be read at all.
      if (messagesRead) for (const status of Object.keys(statuses)) delete statuses[status]
      file.value('metrics', metrics.ok ? metrics.value : null)
      file.value('variants', variants)
      file.value('trends', trends)
    } finally {
      file.close()
    }
    figures.push({
      id,
      name,
      kind,
      states,
      planned: Object.values(states).reduce((total, count) => total + count, 0),
      expectedDeliveries: expected,
      metrics: metrics.ok ? metrics.value : null,
      trends,
      statuses,
    })
  }
  await collectDevices(ctx, outDir)
  return figures
}

/** Streams one list into the report file, handing each entry to `each`; an error leaves `null` in the file. */
async function writeList<T>(file: JsonListFile, key: string, reads: ListReads, paged: boolean, each: (entry: T) => void): Promise<ContractError | undefined> {
  file.beginList(key)
  const error = await readList(reads, paged, (entries) => {
    for (const entry of entries) each(entry as T)
    file.entries(entries)
  })
  file.endList(error === undefined)
  return error
}
