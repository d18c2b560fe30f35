/**
 * The harness's side of the dispatcher contract (dispatcher/api/openapi.yaml):
 * every call the run makes to a dispatcher, over HTTP only. Failures are
 * values with a stable code — the run decides whether one ends it — and a
 * call never waits longer than its timeout, so a dispatcher that stops
 * answering ends the run with evidence instead of hanging it.
 */
import { Readable } from 'node:stream'
import { Agent, request } from 'undici'
import type { DeliveryStates } from '../result/run-result.ts'

export type ContractErrorCode = 'UNREACHABLE' | 'TIMEOUT' | 'REJECTED' | 'BAD_ANSWER'

export interface ContractError {
  code: ContractErrorCode
  /** The dispatcher's HTTP status, when it answered. */
  status?: number
  /** The dispatcher's own error code (`{"error":{"code"}}`), when it gave one. */
  apiCode?: string
  message: string
}

export type ContractResult<T> = { ok: true; value: T; status: number } | { ok: false; error: ContractError }

export interface ClockAnswer {
  nowMs: number
  now: string
  timeScale: number
}

export interface HealthAnswer {
  status: string
  settings?: unknown
  capabilities?: string[]
}

/** Delivery counts by state (openapi.yaml `StateCounts`): the run result's own type, as the contract answers it. */
export type StateCounts = DeliveryStates

export interface DispatcherClient {
  readonly url: string
  health(): Promise<ContractResult<HealthAnswer>>
  getClock(): Promise<ContractResult<ClockAnswer>>
  setClock(change: { now?: number; timeScale?: number }): Promise<ContractResult<ClockAnswer>>
  createCampaign(campaign: unknown): Promise<ContractResult<{ id: string }>>
  /** Streams NDJSON members; resolves with the intake summary once every member is planned. */
  sendAudience(campaignId: string, body: AsyncIterable<Uint8Array>, signal?: AbortSignal): Promise<ContractResult<{ persons: number; messages: number; duplicates: number }>>
  sendTransactional(campaignId: string, key: string, member: unknown): Promise<ContractResult<{ messageId: string | null; deliveries: number; duplicate: boolean }>>
  campaign(campaignId: string): Promise<ContractResult<{ campaign?: unknown; deliveries: Partial<StateCounts> }>>
  deliveries(campaignId: string): Promise<ContractResult<unknown[]>>
  messages(campaignId: string): Promise<ContractResult<unknown[]>>
  /** The paged forms of deliveries and messages (capability `paged-reads`): `after` is the previous page's `next`. */
  deliveriesPage(campaignId: string, limit: number, after?: string): Promise<ContractResult<ListPage>>
  messagesPage(campaignId: string, limit: number, after?: string): Promise<ContractResult<ListPage>>
  /** Every device with its last status, a page at a time (capability `devices`). */
  devicesPage(limit: number, after?: string): Promise<ContractResult<ListPage>>
  metrics(campaignId: string, profile?: string, variant?: string): Promise<ContractResult<unknown>>
  trends(campaignId: string, period: 'day' | 'week' | 'month'): Promise<ContractResult<unknown[]>>
  track(report: { deliveryId: string; token: string; event: 'delivered' | 'opened'; at: number }): Promise<ContractResult<{ recorded: boolean }>>
  convert(conversion: { personId: string; at: number }): Promise<ContractResult<{ messageId: string | null }>>
  close(): Promise<void>
}

/** One page of a paged list (openapi.yaml `Page`). */
export interface ListPage {
  items: unknown[]
  next: string | null
}

/** Calls answer within this (wall) time, or fail with TIMEOUT; streaming an audience has no limit but the dispatcher's progress. */
const CALL_TIMEOUT_MS = 30_000

export function createDispatcherClient(url: string, options: { timeoutMs?: number; connections?: number } = {}): DispatcherClient {
  const base = url.replace(/\/+$/, '')
  const timeoutMs = options.timeoutMs ?? CALL_TIMEOUT_MS
  const agent = new Agent({ connections: options.connections ?? 64, keepAliveTimeout: 10_000, headersTimeout: timeoutMs, bodyTimeout: timeoutMs })

  async function call<T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown, streamed?: AsyncIterable<Uint8Array>, signal?: AbortSignal): Promise<ContractResult<T>> {
    try {
      const answer = await request(`${base}${path}`, {
        method,
        dispatcher: agent,
        ...(signal ? { signal } : {}),
        headers: streamed ? { 'content-type': 'application/x-ndjson' } : body === undefined ? {} : { 'content-type': 'application/json' },
        ...(streamed ? { body: Readable.from(streamed), headersTimeout: 0, bodyTimeout: timeoutMs } : body === undefined ? {} : { body: JSON.stringify(body) }),
      })
      const text = await answer.body.text()
      let parsed: unknown
      try {
        parsed = text === '' ? null : JSON.parse(text)
      } catch {
        return { ok: false, error: { code: 'BAD_ANSWER', status: answer.statusCode, message: `${method} ${path} answered ${answer.statusCode} with a body that is not JSON: ${text.slice(0, 120)}` } }
      }
      if (answer.statusCode >= 400) {
        const error = (parsed as { error?: { code?: string; message?: string } } | null)?.error
        return {
          ok: false,
          error: { code: 'REJECTED', status: answer.statusCode, ...(error?.code ? { apiCode: error.code } : {}), message: `${method} ${path} answered ${answer.statusCode}${error?.message ? `: ${error.message}` : ''}` },
        }
      }
      return { ok: true, value: parsed as T, status: answer.statusCode }
    } catch (error) {
      const err = error as Error & { code?: string; cause?: Error }
      if (signal?.aborted) return { ok: false, error: { code: 'UNREACHABLE', message: `${method} ${path} at ${base} was abandoned: the run stopped` } }
      const timedOut = err.code === 'UND_ERR_HEADERS_TIMEOUT' || err.code === 'UND_ERR_BODY_TIMEOUT'
      const reason = err.cause?.message ?? err.message
      return { ok: false, error: { code: timedOut ? 'TIMEOUT' : 'UNREACHABLE', message: `${method} ${path} at ${base} failed: ${timedOut ? `no answer within ${timeoutMs} ms` : reason}` } }
    }
  }
  const id = (campaignId: string) => encodeURIComponent(campaignId)

  return {
    url: base,
    health: () => call('GET', '/health'),
    getClock: () => call('GET', '/clock'),
    setClock: (change) => call('PUT', '/clock', change),
    createCampaign: (campaign) => call('POST', '/campaigns', campaign),
    sendAudience: (campaignId, body, signal) => call('POST', `/campaigns/${id(campaignId)}/audience`, undefined, body, signal),
    sendTransactional: (campaignId, key, member) => call('POST', `/campaigns/${id(campaignId)}/sends`, { key, member }),
    campaign: (campaignId) => call('GET', `/campaigns/${id(campaignId)}`),
    deliveries: (campaignId) => call('GET', `/campaigns/${id(campaignId)}/deliveries`),
    messages: (campaignId) => call('GET', `/campaigns/${id(campaignId)}/messages`),
    deliveriesPage: (campaignId, limit, after) => call('GET', `/campaigns/${id(campaignId)}/deliveries?${pageParams(limit, after)}`),
    messagesPage: (campaignId, limit, after) => call('GET', `/campaigns/${id(campaignId)}/messages?${pageParams(limit, after)}`),
    devicesPage: (limit, after) => call('GET', `/devices?${pageParams(limit, after)}`),
    metrics: (campaignId, profile, variant) => {
      const query = new URLSearchParams({ ...(profile ? { profile } : {}), ...(variant ? { variant } : {}) }).toString()
      return call('GET', `/campaigns/${id(campaignId)}/metrics${query ? `?${query}` : ''}`)
    },
    trends: (campaignId, period) => call('GET', `/campaigns/${id(campaignId)}/trends?period=${period}`),
    track: (report) => call('POST', '/track', report),
    convert: (conversion) => call('POST', '/conversions', conversion),
    close: () => agent.close(),
  }
}

const pageParams = (limit: number, after?: string) => new URLSearchParams({ limit: String(limit), ...(after === undefined ? {} : { after }) }).toString()
