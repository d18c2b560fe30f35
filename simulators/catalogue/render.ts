/**
 * Turns a catalogue wire form into what an adapter writes, filling in the
 * per-exchange parts: `apns-id`, the 410 `timestamp`, `Retry-After`.
 * Bodies are serialized as each provider core does, so a fault cannot be
 * told from the simulator's own answer. `content-length` is left to adapters.
 */
import type { Clock } from '../kernel/clock.ts'
import type { SimResponse } from '../kernel/exchange.ts'
import type { Rng } from '../kernel/rng.ts'
import { googleJson } from './wire/google-error.ts'
import type { WireSpec, WireTarget } from './types.ts'

export type RenderedWire =
  | { kind: 'respond'; response: SimResponse }
  | { kind: 'goaway'; code: number; debug?: string }
  | { kind: 'reset' }
  | { kind: 'hang' }

export interface RenderContext {
  target: WireTarget
  rng: Rng
  /** The run's virtual clock (the 410 `timestamp`). */
  clock: Clock
  /** The request's own `apns-id`, echoed as APNs does (§1.5). */
  apnsId?: string
  /** Overrides the form's own Retry-After. Seconds of virtual time, never scaled: the run clock is what runs faster. */
  retryAfterSeconds?: number
}

type RespondSpec = Extract<WireSpec, { kind: 'respond' }>
type Body = Readonly<Record<string, unknown>>

export function renderWire(spec: WireSpec, ctx: RenderContext): RenderedWire {
  switch (spec.kind) {
    case 'respond':
      return { kind: 'respond', response: renderResponse(spec, ctx) }
    case 'goaway':
      return spec.debug === undefined ? { kind: 'goaway', code: spec.code } : { kind: 'goaway', code: spec.code, debug: spec.debug }
    case 'reset':
      return { kind: 'reset' }
    case 'hang':
      return { kind: 'hang' }
  }
}

function renderResponse(spec: RespondSpec, ctx: RenderContext): SimResponse {
  const headers: Record<string, string> = { ...spec.headers }
  // APNs and Apple web push put an apns-id on every answer, errors included (§1.7, §3.6).
  if (ctx.target === 'apns' || ctx.target === 'safari') headers['apns-id'] = ctx.apnsId ?? ctx.rng.uuid()
  const retryAfter = ctx.retryAfterSeconds ?? spec.retryAfterSeconds
  if (retryAfter !== undefined) headers['retry-after'] = String(Math.max(0, Math.round(retryAfter)))
  const response: SimResponse = { status: spec.status, headers }
  if (spec.body !== undefined) response.body = serialize(spec, spec.body, ctx)
  return response
}

function serialize(spec: RespondSpec, body: string | Body, ctx: RenderContext): string {
  if (typeof body === 'string') return body
  // §1.7: `timestamp` (epoch ms) follows `reason`, as the APNs core's goneBody writes it.
  if (spec.timestamp === true) return JSON.stringify({ ...body, timestamp: Math.trunc(ctx.clock.now()) })
  return ctx.target === 'fcm' ? cached(body, 'pretty') : cached(body, 'compact')
}

// Faults can fire on every exchange of a load test: serialize each constant body once.
const serialized = new WeakMap<Body, { compact?: string; pretty?: string }>()

function cached(body: Body, form: 'compact' | 'pretty'): string {
  let forms = serialized.get(body)
  if (forms === undefined) serialized.set(body, (forms = {}))
  // FCM: pretty-printed with a trailing newline, as google-error.ts writes every Google answer.
  return (forms[form] ??= form === 'pretty' ? googleJson(body) : JSON.stringify(body))
}
