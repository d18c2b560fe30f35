/**
 * A run directory as the rule cases see it (model.ts): the dispatcher's
 * reported campaigns, joined with the scenario's plan by campaign name and
 * with the wire by delivery id (the ledger and tracking.ndjson, streamed
 * once; only the reported deliveries' attempts are kept).
 */
import { join } from 'node:path'
import type { Person, ScenarioPlan } from '../../../scenarios/plan-types.ts'
import { exchangeBatchesOf } from '../ground-truth.ts'
import { instantSlackMs } from '../oracle-context.ts'
import { readReport, type RunData } from '../run-data.ts'
import { readOwedSends, SENDS_FILE, type OwedSend } from './read-sends.ts'
import type { RuledCampaign, RuledDelivery, RuledMessage, RulesPerson, RulesRun } from './model.ts'

interface ListedMessage {
  messageId: string
  personId: string
  variantId?: string | null
  control?: boolean
  failure?: string | null
}

interface ListedDelivery {
  id: string
  messageId: string
  deviceId: string
  channel: string
  state: string
  code?: string | null
}

export async function readRulesRun(data: RunData, plan: ScenarioPlan): Promise<RulesRun> {
  const campaigns: RuledCampaign[] = []
  const deliveries = new Map<string, RuledDelivery>()
  const person = personLookup(plan)
  const owedSends = plan.messages.length > 0 && plan.audience.unsubscribed > 0 ? await readOwedSends(join(data.dir, SENDS_FILE), person) : []
  for (const path of data.reportPaths) {
    const read = readReport(path)
    if (!read.ok || read.value.messages === null) continue
    if (read.value.kind === 'transactional' && owedSends.length > 0) attachOwed(owedSends, read.value.campaignId, read.value.messages as ListedMessage[], read.value.deliveries as ListedDelivery[] | null, deliveries)
    if (read.value.kind !== 'campaign' || read.value.deliveries === null) continue
    const report = read.value
    const name = (report.campaign as { name?: unknown } | null)?.name
    const campaignPlan = plan.campaigns.find((campaign) => campaign.name === name)
    if (campaignPlan === undefined) continue
    const messages = new Map<string, RuledMessage>()
    for (const listed of report.messages as ListedMessage[]) messages.set(listed.messageId, ruledMessage(listed))
    addDeliveries(report.deliveries as ListedDelivery[], messages, deliveries)
    campaigns.push({ id: report.campaignId, name: campaignPlan.name, plan: campaignPlan, startsAt: campaignStart(plan, campaignPlan.name), messages: [...messages.values()], wholeAudience: streamedWhole(data, campaignPlan.name) })
  }
  for await (const batch of exchangeBatchesOf(data, data.result.clock.segments)) {
    for (const exchange of batch) {
      const delivery = exchange.deliveryId === null ? undefined : deliveries.get(exchange.deliveryId)
      delivery?.attempts.push({ seq: exchange.seq, start: exchange.start, accepted: exchange.answer.kind === 'accepted' })
    }
  }
  for (const delivery of deliveries.values()) delivery.attempts.sort((a, b) => a.start - b.start)
  const scale = Math.min(data.result.clock.timeScale, ...data.result.clock.segments.map((segment) => segment.timeScale))
  return { campaigns, person, unsubscribed: () => unsubscribedOf(plan), owedSends, slackMs: instantSlackMs(scale) }
}

/**
 * Marks the owed sends whose message this transactional campaign's report lists, for the person it was
 * sent for, and keeps that message with its deliveries (registered in `deliveries`, for their attempts):
 * it is judged as a campaign's is. Only those messages are held.
 */
function attachOwed(owed: OwedSend[], campaignId: string, messages: readonly ListedMessage[], listedDeliveries: readonly ListedDelivery[] | null, deliveries: Map<string, RuledDelivery>): void {
  // A key sent twice answers the same message id: every such send is marked.
  const wanted = new Map<string, OwedSend[]>()
  for (const send of owed) if (send.campaignId === campaignId && send.messageId !== null) wanted.set(send.messageId, [...(wanted.get(send.messageId) ?? []), send])
  if (wanted.size === 0) return
  const found = new Map<string, RuledMessage>()
  for (const message of messages) {
    const sends = (wanted.get(message.messageId) ?? []).filter((send) => send.personId === message.personId)
    if (sends.length === 0) continue
    const ruled = ruledMessage(message)
    found.set(message.messageId, ruled)
    for (const send of sends) {
      send.reported = true
      // A deliveries list that could not be read leaves them unjudged, as a campaign's.
      if (listedDeliveries !== null) send.found = ruled
    }
  }
  if (listedDeliveries !== null) addDeliveries(listedDeliveries, found, deliveries)
}

const ruledMessage = (listed: ListedMessage): RuledMessage => ({ messageId: listed.messageId, personId: listed.personId, variantId: listed.variantId ?? null, control: listed.control ?? false, failure: listed.failure ?? null, deliveries: [] })

/** The listed deliveries of the given messages, onto them and into `deliveries` (by id, for the wire's attempts). */
function addDeliveries(listed: readonly ListedDelivery[], messages: ReadonlyMap<string, RuledMessage>, deliveries: Map<string, RuledDelivery>): void {
  for (const entry of listed) {
    const message = messages.get(entry.messageId)
    if (message === undefined) continue
    const delivery: RuledDelivery = { id: entry.id, deviceId: entry.deviceId, channel: entry.channel, state: entry.state, code: entry.code ?? null, attempts: [] }
    deliveries.set(entry.id, delivery)
    message.deliveries.push(delivery)
  }
}

/** A campaign executor streams every person of the audience (harness/run/executors.ts); one the dispatcher refused or a kill broke for good says so. */
function streamedWhole(data: RunData, name: string): boolean {
  const executors = data.result.phases.flatMap((phase) => phase.executors).filter((executor) => executor.executor === 'campaign' && executor.name === name)
  return executors.length > 0 && executors.every((executor) => executor.failed === 0 && executor.error === undefined)
}

function* unsubscribedOf(plan: ScenarioPlan): Iterable<RulesPerson> {
  if (plan.audience.unsubscribed === 0) return
  for (const person of plan.persons) if (person.unsubscribed) yield rulesPerson(person)
}

/** Where the campaign's executor starts on the calendar, as the run places it. */
export function campaignStart(plan: ScenarioPlan, name: string): number {
  for (const phase of plan.phases) {
    for (const executor of phase.executors) if (executor.executor === 'campaign' && executor.campaign === name) return plan.clock.startMs + phase.offsetMs + executor.startMs
  }
  return plan.clock.startMs
}

/** Persons by id: the audience generates `p<index>` at index, so one is found without walking them all. */
function personLookup(plan: ScenarioPlan): (id: string) => RulesPerson | undefined {
  const cache = new Map<string, RulesPerson | undefined>()
  return (id) => {
    if (cache.has(id)) return cache.get(id)
    const index = /^p(\d+)$/.exec(id)
    const person = index !== null && Number(index[1]) < plan.persons.size ? plan.persons.personAt(Number(index[1])) : undefined
    const found = person?.id === id ? rulesPerson(person) : undefined
    if (cache.size < 100_000) cache.set(id, found)
    return found
  }
}

const rulesPerson = (person: Person): RulesPerson => ({
  id: person.id,
  timezone: person.timezone,
  properties: person.properties,
  test: person.test,
  unsubscribed: person.unsubscribed,
  liveChannels: person.devices.filter((device) => device.tokenState === 'valid').map((device) => device.channel),
  channels: person.devices.map((device) => device.channel),
})
