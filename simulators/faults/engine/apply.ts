import type { Clock } from '../../kernel/clock.ts'
import type { Delivery } from '../../kernel/delivery.ts'
import type { ExchangeNote, Outcome } from '../../kernel/exchange.ts'
import type { Rng } from '../../kernel/rng.ts'
import { findEntry, renderWire, wireFor } from '../catalogue/index.ts'
import type { WireTarget } from '../catalogue/types.ts'
import { h2ErrorCode } from '../plan/h2-error-codes.ts'
import { answersItself, type AppliedFault, type FaultPipeline } from './engine.ts'
import { outageCode, rateLimitCode } from './default-codes.ts'

export interface ApplyContext {
  target: WireTarget
  /** Per-connection state of the exchange's connection (the max-streams collapse remembers itself here). */
  connectionState: Record<string, unknown>
  rng: Rng
  clock: Clock
  timeScale: number
  /** The request's apns-id, echoed by APNs answers. */
  apnsId: string | undefined
}

export interface FaultedExchange {
  delivery: Delivery
  /** Ledger facts: the note of whoever answered (a fault or the core). */
  note: ExchangeNote | undefined
  /** Ids of the faults that took effect, in pipeline order. */
  faultIds: string[]
}

const REFUSED_STREAM = 0x7

/**
 * Applies a frozen pipeline around the provider core:
 *
 *   latency(headers) ─▶ [first answering fault | provider core] ─▶ latency(body), close, max-streams, goaway
 *
 * Answering faults after the first do not take effect and are not named;
 * the shaping faults apply to whichever answer was chosen.
 */
export function applyFaults(pipeline: FaultPipeline, core: () => Outcome | Promise<Outcome>, ctx: ApplyContext): FaultedExchange | Promise<FaultedExchange> {
  const faultIds: string[] = []
  let headersDelayMs = 0
  let bodyDelayMs = 0
  for (const fault of pipeline.applied) {
    if (fault.spec.type !== 'latency') continue
    if (fault.spec.attributes.stage === 'body') bodyDelayMs += fault.delayMs ?? 0
    else headersDelayMs += fault.delayMs ?? 0
    faultIds.push(fault.id)
  }
  const shapeAnswer = (answered: Answered) => shape(pipeline, answered, delays(headersDelayMs, bodyDelayMs), faultIds, ctx)

  for (const fault of pipeline.applied) {
    if (!answersItself(fault)) continue
    const answer = answerOf(fault, ctx)
    if (!answer) continue // no wire form for this target: the fault does not apply here
    faultIds.push(fault.id)
    return shapeAnswer({ delivery: answer.delivery, note: { reason: answer.reason } })
  }
  // Synchronous when the core is: a decision must not slip behind requests that arrived after it.
  const outcome = core()
  return outcome instanceof Promise ? outcome.then((decided) => shapeAnswer(coreAnswer(decided))) : shapeAnswer(coreAnswer(outcome))
}

type Answered = { delivery: Delivery; note: ExchangeNote | undefined }

const coreAnswer = (outcome: Outcome): Answered => ({ delivery: { kind: 'respond', response: outcome.response, ...(outcome.effect ? { effect: outcome.effect } : {}) }, note: outcome.note })

/** The shaping faults (close, max-streams, goaway) applied to the chosen answer. */
function shape(pipeline: FaultPipeline, answered: Answered, delayed: ReturnType<typeof delays>, faultIds: string[], ctx: ApplyContext): FaultedExchange {
  let delivery = answered.delivery.kind === 'respond' ? { ...answered.delivery, ...delayed } : answered.delivery
  for (const fault of pipeline.applied) {
    const spec = fault.spec
    if (delivery.kind !== 'respond') break
    if (spec.type === 'close') delivery = { ...delivery, closeAfterBytes: spec.attributes.afterBytes }
    else if (spec.type === 'max-streams') {
      const streams = maxStreams(spec.attributes, delivery.response.status, ctx.connectionState)
      if (streams === undefined) continue
      delivery = { ...delivery, effect: { ...delivery.effect, maxConcurrentStreams: streams } }
    } else if (spec.type === 'goaway') delivery = goaway(fault, delivery)
    else continue
    faultIds.push(fault.id)
  }
  return { delivery, note: answered.note, faultIds }
}

/** A validated code (name or number) as its number; `fallback` when the fault named none. */
const http2Code = (code: number | string | undefined, fallback: number): number => (code === undefined ? fallback : (h2ErrorCode(code) ?? fallback))

const COLLAPSED = 'faults:max-streams-collapsed'

/** The stream limit to advertise now, if any: always, or APNs' collapse after a rejection and restore after a success. */
function maxStreams(attributes: { value: number; when?: 'always' | 'after-rejection'; restore?: number }, status: number, state: Record<string, unknown>): number | undefined {
  if (attributes.when !== 'after-rejection') return attributes.value
  if (status >= 400) {
    state[COLLAPSED] = true
    return attributes.value
  }
  if (!state[COLLAPSED]) return undefined
  state[COLLAPSED] = false
  return attributes.restore ?? 1000
}

function delays(headersDelayMs: number, bodyDelayMs: number): { headersDelayMs?: number; bodyDelayMs?: number } {
  return { ...(headersDelayMs > 0 ? { headersDelayMs } : {}), ...(bodyDelayMs > 0 ? { bodyDelayMs } : {}) }
}

/** GOAWAY after the core's answer: the stream was processed unless lastStreamId says otherwise (then the adapter refuses it). */
function goaway(fault: AppliedFault, answered: Delivery): Delivery {
  if (fault.spec.type !== 'goaway' || answered.kind !== 'respond') return answered
  const { code, lastStreamId, reason } = fault.spec.attributes
  return {
    kind: 'goaway',
    code: http2Code(code, 0),
    ...(lastStreamId === undefined ? {} : { lastStreamId }),
    ...(reason === undefined ? {} : { debug: JSON.stringify({ reason }) }),
    response: answered.response,
  }
}

function answerOf(fault: AppliedFault, ctx: ApplyContext): { delivery: Delivery; reason: string } | undefined {
  const spec = fault.spec
  switch (spec.type) {
    case 'hang':
      return { delivery: { kind: 'hang' }, reason: 'fault:hang' }
    case 'reset':
      return { delivery: { kind: 'reset' }, reason: 'fault:reset' }
    case 'rst-stream':
      return { delivery: { kind: 'rst-stream', code: http2Code(spec.attributes.code, 0x2) }, reason: 'fault:rst-stream' }
    case 'refuse-stream':
      return { delivery: { kind: 'rst-stream', code: REFUSED_STREAM }, reason: 'fault:refuse-stream' }
    case 'error':
      return rendered(spec.attributes.code, ctx, spec.attributes.retryAfterSeconds)
    case 'outage':
      return rendered(outageCode(ctx.target, spec.attributes.form ?? 'unavailable'), ctx, spec.attributes.retryAfterSeconds)
    case 'rate-limit': {
      const retryAfterSeconds = spec.attributes.retryAfterSeconds ?? Math.max(1, Math.ceil((fault.retryAfterMs ?? 0) / 1000))
      return rendered(spec.attributes.code ?? rateLimitCode(ctx.target), ctx, retryAfterSeconds)
    }
    default:
      return undefined
  }
}

/** A catalogue entry in this target's own wire form. */
function rendered(code: string, ctx: ApplyContext, retryAfterSeconds: number | undefined): { delivery: Delivery; reason: string } | undefined {
  const entry = findEntry(code)
  const wire = entry && wireFor(entry, ctx.target)
  if (!entry || !wire) return undefined
  const result = renderWire(wire, { ...ctx, ...(ctx.apnsId ? { apnsId: ctx.apnsId } : {}), ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) })
  const delivery: Delivery =
    result.kind === 'respond'
      ? { kind: 'respond', response: result.response }
      : result.kind === 'goaway'
        ? { kind: 'goaway', code: result.code, ...(result.debug === undefined ? {} : { debug: result.debug }) }
        : { kind: result.kind }
  return { delivery, reason: entry.name }
}
