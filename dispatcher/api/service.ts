import type { AudienceMember, IntakeSummary } from '../engine/intake.ts'
import type { TransactionalSend } from '../engine/transactional.ts'
import type { ClockState } from '../engine/virtual-clock.ts'
import type { Campaign, Device } from '../model/entities.ts'
import type { Delivery, DeliveryState, PersonStatus } from '../model/lifecycle.ts'

export type ApiErrorCode = 'INVALID_ARGUMENT' | 'NOT_FOUND' | 'CONFLICT' | 'FORBIDDEN' | 'INTERNAL'
export type ApiResult<T> = { ok: true; value: T } | { ok: false; code: ApiErrorCode; message: string }

export interface MessageStatus {
  messageId: string
  personId: string
  variantId: string | null
  control: boolean
  failure: string | null
  status: PersonStatus
}

/** A device as `GET /devices` lists it: its push address and its §7 last status. */
export type DeviceListing = Pick<Device, 'id' | 'personId' | 'channel' | 'address' | 'lastStatus'>

/** `?limit=&after=` of a paged read, as the request gave them (checked by the service). */
export interface PageQuery {
  limit: string
  after?: string
}

/** One page of a paged read; `next` is the `after` of the following page, null after the last. */
export interface PageOf<T> {
  items: T[]
  next: string | null
}

/** The largest page a paged read gives. */
export const MAX_PAGE = 10_000

/** What the HTTP API (and the library API) offer; openapi.yaml documents the same. */
/**
 * Optional parts of the contract this dispatcher has (architecture.md "The contract"); a harness checks
 * them before a run and skips, never passes, what needs a missing one.
 */
export const CAPABILITIES = ['clock', 'identify', 'transactional', 'metrics-profiles', 'paged-reads', 'devices'] as const

export interface DispatcherService {
  health(): { status: 'ok'; settings: unknown; capabilities: string[] }
  /** The run clock (virtual now and scale). */
  clock(): ClockState
  /** Jumps forward and/or changes the scale; INVALID_ARGUMENT names every problem. */
  setClock(input: unknown): ApiResult<ClockState>
  createCampaign(input: unknown): ApiResult<Campaign>
  listCampaigns(): Campaign[]
  getCampaign(id: string): ApiResult<{ campaign: Campaign; deliveries: Record<DeliveryState, number> }>
  sendAudience(id: string, audience: AsyncIterable<AudienceMember>): Promise<ApiResult<IntakeSummary>>
  /** One transactional message `{key, member}`: a new message per key, the same answer for a key seen before. */
  sendTransactional(id: string, input: unknown): ApiResult<TransactionalSend>
  /** The person was identified again with these devices: suppressed or bounced devices become `unused` (§7). */
  identify(input: unknown): ApiResult<{ devices: number }>
  messages(id: string): ApiResult<MessageStatus[]>
  deliveries(id: string): ApiResult<Delivery[]>
  /** The same, a page at a time (capability `paged-reads`): a report on a big campaign in bounded memory on both sides. */
  messagesPage(id: string, page: PageQuery): ApiResult<PageOf<MessageStatus>>
  deliveriesPage(id: string, page: PageQuery): ApiResult<PageOf<Delivery>>
  /** Every device with its last status, a page at a time (capability `devices`); `limit` defaults to the largest page. */
  devicesPage(page: Partial<PageQuery>): ApiResult<PageOf<DeviceListing>>
  metrics(id: string, profile: string | undefined, variant: string | undefined): ApiResult<unknown>
  trends(id: string, period: string): ApiResult<unknown>
  track(input: unknown): ApiResult<{ recorded: boolean }>
  convert(input: unknown): ApiResult<{ messageId: string | null }>
}
