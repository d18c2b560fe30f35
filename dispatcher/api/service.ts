import type { AudienceMember, IntakeSummary } from '../engine/intake.ts'
import type { Campaign } from '../model/entities.ts'
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

/** What the HTTP API (and the library API) offer; openapi.yaml documents the same. */
export interface DispatcherService {
  health(): { status: 'ok'; settings: unknown }
  createCampaign(input: unknown): ApiResult<Campaign>
  listCampaigns(): Campaign[]
  getCampaign(id: string): ApiResult<{ campaign: Campaign; deliveries: Record<DeliveryState, number> }>
  sendAudience(id: string, audience: AsyncIterable<AudienceMember>): Promise<ApiResult<IntakeSummary>>
  /** The person was identified again with these devices: suppressed or bounced devices become `unused` (§7). */
  identify(input: unknown): ApiResult<{ devices: number }>
  messages(id: string): ApiResult<MessageStatus[]>
  deliveries(id: string): ApiResult<Delivery[]>
  metrics(id: string, profile: string | undefined, variant: string | undefined): ApiResult<unknown>
  trends(id: string, period: string): ApiResult<unknown>
  track(input: unknown): ApiResult<{ recorded: boolean }>
  convert(input: unknown): ApiResult<{ messageId: string | null }>
}
