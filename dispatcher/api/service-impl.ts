import type { Dispatcher } from '../engine/dispatcher.ts'
import { mobileProfile, personStatusProfile, splitByVariant, trends, webPushProfile, type MetricsInput } from '../metrics/index.ts'
import type { Period } from '../metrics/profiles.ts'
import type { Campaign } from '../model/entities.ts'
import { personStatusOf } from '../status/aggregate.ts'
import type { PersonStatusOf } from '../status/person-status.ts'
import { AudienceError } from './http-server.ts'
import type { MessageWithFacts } from '../store/store.ts'
import { CAPABILITIES, MAX_PAGE, type ApiResult, type DispatcherService, type MessageStatus, type PageQuery } from './service.ts'
import { checkCampaign, checkClockChange, checkMember, checkTransactional } from './validate.ts'

const fail = (code: 'INVALID_ARGUMENT' | 'NOT_FOUND' | 'CONFLICT' | 'FORBIDDEN', message: string) => ({ ok: false as const, code, message })
const PROFILES = { webpush: webPushProfile, mobile: mobileProfile, 'person-status': personStatusProfile } as const

/** How the service reads the store into figures and statuses: the reference's, or (tests) one with a rule broken for the oracle to catch. */
export interface ServiceReading {
  profiles: Readonly<Record<keyof typeof PROFILES, (input: MetricsInput) => unknown>>
  personStatusOf: PersonStatusOf
}

export const REFERENCE_READING: ServiceReading = { profiles: PROFILES, personStatusOf }

/**
 * The library API behind the HTTP API: statuses and metrics are computed from the store on request;
 * every default instant (`createdAt`, a report's `at`) is the dispatcher's run clock.
 */
export function createService(dispatcher: Dispatcher, reading: ServiceReading = REFERENCE_READING): DispatcherService {
  const { store, clock } = dispatcher
  const { profiles, personStatusOf } = reading
  const campaignOr404 = <T>(id: string, then: (campaign: Campaign) => ApiResult<T>): ApiResult<T> => {
    const campaign = store.getCampaign(id)
    return campaign ? then(campaign) : fail('NOT_FOUND', `Failed to find campaign ${id}.`)
  }
  const metricsInput = (campaign: Campaign): MetricsInput => ({
    messages: store.messagesOf(campaign.id),
    deliveries: store.deliveriesOf(campaign.id).map((delivery) => {
      const device = store.getDevice(delivery.deviceId)
      return { ...delivery, ...(device?.os ? { os: device.os } : {}), ...(device?.model ? { model: device.model } : {}) }
    }),
    events: store.eventsOf(campaign.id),
    conversions: store.conversionsOf(campaign.id),
  })

  return {
    health: () => ({ status: 'ok', settings: dispatcher.settings, capabilities: [...CAPABILITIES] }),
    clock: () => clock.state(),
    setClock(input) {
      const { change, problems } = checkClockChange(input)
      // A fresh dispatcher may be set to any instant (a run's calendar starts in the past or the future);
      // once it holds a campaign, its clock only moves forward: every stored instant was read from it.
      const rewind = store.listCampaigns().length === 0
      // The clock's own problems (backwards, scale out of range) join the shape's, so one answer names them all.
      problems.push(...clock.check(change, { rewind }))
      if (problems.length > 0) return fail('INVALID_ARGUMENT', `Failed to set the clock: ${problems.join('; ')}.`)
      const set = clock.set(change, { rewind })
      return set.ok ? set : fail('INVALID_ARGUMENT', `Failed to set the clock: ${set.problems.join('; ')}.`)
    },
    createCampaign(input) {
      const checked = checkCampaign(input, clock.now())
      if (!checked.ok) return fail('INVALID_ARGUMENT', `Failed to read the campaign: ${checked.problems.join('; ')}.`)
      if (store.getCampaign(checked.value.id)) return fail('CONFLICT', `Failed to create campaign ${checked.value.id}: it exists.`)
      dispatcher.createCampaign(checked.value)
      return { ok: true, value: checked.value }
    },
    listCampaigns: () => store.listCampaigns(),
    getCampaign: (id) => campaignOr404(id, (campaign) => ({ ok: true, value: { campaign, deliveries: store.countByState(id) } })),
    async sendAudience(id, audience) {
      if (!store.getCampaign(id)) return fail('NOT_FOUND', `Failed to find campaign ${id}.`)
      try {
        return { ok: true, value: await dispatcher.send(id, audience) }
      } catch (error) {
        if (error instanceof AudienceError) return fail('INVALID_ARGUMENT', `Failed to read the audience: ${error.message}.`)
        throw error
      }
    },
    sendTransactional: (id, input) =>
      campaignOr404(id, (campaign) => {
        const checked = checkTransactional(input)
        if (!checked.ok) return fail('INVALID_ARGUMENT', `Failed to read the send: ${checked.problems.join('; ')}.`)
        const sent = dispatcher.sendOne(campaign, checked.value.key, checked.value.member)
        return sent.ok ? sent : fail(sent.code, sent.message)
      }),
    identify(input) {
      const checked = checkMember(input, 1)
      if (!checked.ok) return fail('INVALID_ARGUMENT', `Failed to read the identification: ${checked.problems.join('; ').replace(/line 1: /g, '')}.`)
      store.upsertPerson(checked.value.person)
      for (const device of checked.value.devices) store.upsertDevice(device)
      return { ok: true, value: { devices: checked.value.devices.length } }
    },
    messages: (id) => campaignOr404(id, () => ({ ok: true, value: store.messagesPage(id, 0, Number.MAX_SAFE_INTEGER).items.map(statusOf) })),
    messagesPage: (id, query) =>
      campaignOr404(id, () => {
        const page = checkPage(query)
        if (!page.ok) return page
        const { items, next } = store.messagesPage(id, page.after, page.limit)
        return { ok: true, value: { items: items.map(statusOf), next: next === null ? null : String(next) } }
      }),
    deliveries: (id) => campaignOr404(id, () => ({ ok: true, value: store.deliveriesOf(id) })),
    deliveriesPage: (id, query) =>
      campaignOr404(id, () => {
        const page = checkPage(query)
        if (!page.ok) return page
        const { items, next } = store.deliveriesPage(id, page.after, page.limit)
        return { ok: true, value: { items, next: next === null ? null : String(next) } }
      }),
    devicesPage(query) {
      const page = checkPage({ limit: query.limit ?? String(MAX_PAGE), ...(query.after === undefined ? {} : { after: query.after }) })
      if (!page.ok) return page
      const { items, next } = store.devicesPage(page.after, page.limit)
      return { ok: true, value: { items: items.map(({ id, personId, channel, address, lastStatus }) => ({ id, personId, channel, address, lastStatus })), next: next === null ? null : String(next) } }
    },
    metrics: (id, profile, variant) =>
      campaignOr404(id, (campaign) => {
        const name = (profile ?? campaign.profile) as keyof typeof PROFILES
        if (!(name in PROFILES)) return fail('INVALID_ARGUMENT', `Failed to compute metrics: profile must be one of ${Object.keys(PROFILES).join(', ')}.`)
        const input = metricsInput(campaign)
        if (variant === undefined) return { ok: true, value: profiles[name](input) }
        const part = splitByVariant(input).get(variant)
        return part ? { ok: true, value: profiles[name](part) } : fail('NOT_FOUND', `Failed to find variant ${variant} in campaign ${id}.`)
      }),
    trends: (id, period) =>
      campaignOr404(id, (campaign) =>
        ['day', 'week', 'month'].includes(period) ? { ok: true, value: trends(metricsInput(campaign), period as Period) } : fail('INVALID_ARGUMENT', 'Failed to compute trends: period must be day, week or month.'),
      ),
    track(input) {
      const report = input as { deliveryId?: unknown; token?: unknown; event?: unknown; at?: unknown } | undefined
      if (typeof report?.deliveryId !== 'string' || typeof report.token !== 'string' || (report.event !== 'delivered' && report.event !== 'opened')) {
        return fail('INVALID_ARGUMENT', 'Failed to read the report: expected {deliveryId, token, event: delivered|opened, at?}.')
      }
      const delivery = store.getDelivery(report.deliveryId)
      if (!delivery) return fail('NOT_FOUND', `Failed to find delivery ${report.deliveryId}.`)
      // The delivery token proves the report comes from the device that got the push (§6, interpretation).
      if (delivery.trackingToken !== report.token) return fail('FORBIDDEN', 'Failed to accept the report: the token does not match the delivery.')
      const at = typeof report.at === 'number' ? report.at : clock.now()
      return { ok: true, value: { recorded: store.recordDeviceEvent({ deliveryId: delivery.id, kind: report.event, at }) } }
    },
    convert(input) {
      const conversion = input as { personId?: unknown; at?: unknown } | undefined
      if (typeof conversion?.personId !== 'string') return fail('INVALID_ARGUMENT', 'Failed to read the conversion: expected {personId, at?}.')
      const at = typeof conversion.at === 'number' ? conversion.at : clock.now()
      return { ok: true, value: { messageId: store.recordConversion(conversion.personId, at)?.messageId ?? null } }
    },
  }
}

const statusOf = ({ message, deliveries, events, converted }: MessageWithFacts): MessageStatus => ({
  messageId: message.id,
  personId: message.personId,
  variantId: message.variantId,
  control: message.control,
  failure: message.failure,
  status: personStatusOf({ message, deliveries, events, converted }),
})

/** `limit` 1..MAX_PAGE; `after` a cursor this dispatcher gave (a non-negative integer), absent for the first page. */
function checkPage(query: PageQuery): { ok: true; after: number; limit: number } | ReturnType<typeof fail> {
  const limit = Number(query.limit)
  const after = query.after === undefined ? 0 : Number(query.after)
  const problems: string[] = []
  if (!/^\d+$/.test(query.limit) || limit < 1 || limit > MAX_PAGE) problems.push(`limit must be an integer from 1 to ${MAX_PAGE}, got ${JSON.stringify(query.limit)}`)
  if (query.after !== undefined && (!/^\d+$/.test(query.after) || !Number.isSafeInteger(after))) problems.push(`after must be the next cursor of a previous page, got ${JSON.stringify(query.after)}`)
  return problems.length > 0 ? fail('INVALID_ARGUMENT', `Failed to read the page: ${problems.join('; ')}.`) : { ok: true, after, limit }
}
