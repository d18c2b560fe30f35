import { describe, expect, it } from 'vitest'
import { findEntry } from '../../catalogue/index.ts'
import { manualClock } from '../../kernel/clock.ts'
import type { Delivery } from '../../kernel/delivery.ts'
import type { Outcome } from '../../kernel/exchange.ts'
import { createRng } from '../../kernel/rng.ts'
import { realScheduler } from '../../kernel/scheduler.ts'
import { applyFaults, type ApplyContext, type FaultedExchange } from './apply.ts'
import { createFaultEngine } from './engine.ts'
import type { ExchangeSubject } from './subject.ts'

const SUBJECT: ExchangeSubject = { provider: 'apns', flavour: 'sandbox', route: '/3/device/abc', headers: {}, connectionOrdinal: 1, target: 'abc' }
const OK: Outcome = { kind: 'respond', response: { status: 200, headers: { 'apns-id': 'id-1' }, body: '{"answer":"from the core"}' }, note: { target: 'abc', flavour: 'sandbox' } }
const REJECTED: Outcome = { kind: 'respond', response: { status: 400, headers: {}, body: '{"reason":"BadDeviceToken"}' }, note: { reason: 'BadDeviceToken' } }

function engineWith(faults: unknown[]) {
  const clock = manualClock()
  const engine = createFaultEngine({ seed: 'apply', clock, scheduler: realScheduler(1), knownCode: (name) => findEntry(name) !== undefined })
  const added = engine.add(faults)
  if (!added.ok) throw new Error(added.error.message)
  return { engine, clock }
}

const context = (state: Record<string, unknown> = {}): ApplyContext => ({ target: 'apns', connectionState: state, rng: createRng('ctx'), clock: manualClock(), apnsId: undefined })

/** Decides and applies one exchange synchronously. */
function run(faults: unknown[], outcome: Outcome = OK, ctx = context()): FaultedExchange & { coreAsked: boolean } {
  const { engine } = engineWith(faults)
  let coreAsked = false
  const result = applyFaults(engine.decide(SUBJECT), () => ((coreAsked = true), outcome), ctx)
  if (result instanceof Promise) throw new Error('expected a synchronous result')
  return { ...result, coreAsked }
}

const respond = (outcome: Outcome, extra: object = {}): Delivery => ({ kind: 'respond', response: outcome.response, ...extra })

describe('applyFaults: the Delivery of each shaping type', () => {
  it('close cuts the answer after afterBytes by closing the connection', () => {
    const result = run([{ id: 'c', type: 'close', attributes: { afterBytes: 5 } }])
    expect(result.delivery).toEqual(respond(OK, { cut: { afterBytes: 5, by: 'close' } }))
    expect(result.faultIds).toEqual(['c'])
    expect(result.note).toEqual(OK.note)
  })

  it('headers-only stalls after the headers (afterBytes 0 by default) or after afterBytes of the body', () => {
    expect(run([{ type: 'headers-only' }]).delivery).toEqual(respond(OK, { cut: { afterBytes: 0, by: 'stall' } }))
    expect(run([{ type: 'headers-only', attributes: { afterBytes: 7 } }]).delivery).toEqual(respond(OK, { cut: { afterBytes: 7, by: 'stall' } }))
  })

  it('rst-stream with afterBytes shapes the provider answer: headers, afterBytes of the body, then RST_STREAM with the code', () => {
    const result = run([{ id: 'r', type: 'rst-stream', attributes: { code: 'INTERNAL_ERROR', afterBytes: 5 } }])
    expect(result.coreAsked).toBe(true)
    expect(result.delivery).toEqual(respond(OK, { cut: { afterBytes: 5, by: 'rst-stream', code: 0x2 } }))
    expect(result.faultIds).toEqual(['r'])
  })

  it('of several cuts the earliest wins, and a cut that comes later is not named', () => {
    const result = run([
      { id: 'late', type: 'close', attributes: { afterBytes: 10 } },
      { id: 'early', type: 'headers-only', attributes: { afterBytes: 3 } },
      { id: 'later', type: 'rst-stream', attributes: { code: 'CANCEL', afterBytes: 8 } },
    ])
    expect(result.delivery).toEqual(respond(OK, { cut: { afterBytes: 3, by: 'stall' } }))
    expect(result.faultIds).toEqual(['late', 'early'])
  })

  it('dribble writes the body at bytesPerSecond; of two, the slower sets the pace', () => {
    expect(run([{ type: 'dribble', attributes: { bytesPerSecond: 400 } }]).delivery).toEqual(respond(OK, { bytesPerSecond: 400 }))
    const two = run([
      { id: 'slow', type: 'dribble', attributes: { bytesPerSecond: 10 } },
      { id: 'fast', type: 'dribble', attributes: { bytesPerSecond: 400 } },
    ])
    expect(two.delivery).toEqual(respond(OK, { bytesPerSecond: 10 }))
    expect(two.faultIds).toEqual(['slow'])
  })

  it('dribble, a cut and latency combine on one answer', () => {
    const result = run([
      { id: 'd', type: 'dribble', attributes: { bytesPerSecond: 100 } },
      { id: 'c', type: 'close', attributes: { afterBytes: 20 } },
      { id: 'l', type: 'latency', attributes: { distribution: { kind: 'fixed', ms: 150 }, stage: 'body' } },
    ])
    expect(result.delivery).toEqual(respond(OK, { bodyDelayMs: 150, bytesPerSecond: 100, cut: { afterBytes: 20, by: 'close' } }))
    expect(result.faultIds).toEqual(['l', 'd', 'c'])
  })

  it('goaway answers, then GOAWAY: code NO_ERROR by default, debug data only with a reason, graceful passed through', () => {
    expect(run([{ type: 'goaway' }]).delivery).toEqual({ kind: 'goaway', code: 0, response: OK.response })
    expect(run([{ type: 'goaway', attributes: { reason: 'Shutdown', code: 'ENHANCE_YOUR_CALM', lastStreamId: 0 } }]).delivery).toEqual({
      kind: 'goaway',
      code: 0xb,
      lastStreamId: 0,
      debug: '{"reason":"Shutdown"}',
      response: OK.response,
    })
    expect(run([{ type: 'goaway', attributes: { graceful: true } }]).delivery).toEqual({ kind: 'goaway', code: 0, response: OK.response, graceful: true })
  })

  it('a goaway ends the shaping: faults after it do not apply and are not named', () => {
    const result = run([
      { id: 'g', type: 'goaway' },
      { id: 'c', type: 'close', attributes: { afterBytes: 1 } },
    ])
    expect(result.delivery.kind).toBe('goaway')
    expect(result.faultIds).toEqual(['g'])
  })

  it("max-streams after-rejection collapses on a 4xx and restores after the next success, remembered on the connection's state", () => {
    const state: Record<string, unknown> = {}
    const fault = [{ id: 'm', type: 'max-streams', attributes: { value: 1, when: 'after-rejection', restore: 500 } }]
    const before = run(fault, OK, context(state))
    expect(before.delivery).toEqual(respond(OK))
    expect(before.faultIds).toEqual([])
    expect(run(fault, REJECTED, context(state)).delivery).toEqual(respond(REJECTED, { effect: { maxConcurrentStreams: 1 } }))
    expect(run(fault, OK, context(state)).delivery).toEqual(respond(OK, { effect: { maxConcurrentStreams: 500 } }))
    expect(run(fault, OK, context(state)).faultIds).toEqual([])
  })
})

describe('applyFaults: answering types', () => {
  it('refuse-stream answers {kind: refuse} without asking the core', () => {
    const result = run([{ id: 'x', type: 'refuse-stream' }])
    expect(result).toEqual({ waitMs: 0, delivery: { kind: 'refuse' }, note: { reason: 'fault:refuse-stream' }, faultIds: ['x'], coreAsked: false })
  })

  it('rst-stream without afterBytes answers RST_STREAM with its code', () => {
    const result = run([{ id: 'x', type: 'rst-stream', attributes: { code: 'CANCEL' } }])
    expect(result).toEqual({ waitMs: 0, delivery: { kind: 'rst-stream', code: 0x8 }, note: { reason: 'fault:rst-stream' }, faultIds: ['x'], coreAsked: false })
  })

  it('hang and reset', () => {
    expect(run([{ type: 'hang' }]).delivery).toEqual({ kind: 'hang' })
    expect(run([{ type: 'reset' }]).delivery).toEqual({ kind: 'reset' })
  })

  it('error renders the catalogue entry in the target form; shaping faults apply to it', () => {
    const result = run([
      { id: 'e', type: 'error', attributes: { code: 'Unregistered' } },
      { id: 'd', type: 'dribble', attributes: { bytesPerSecond: 50 } },
    ])
    expect(result.coreAsked).toBe(false)
    expect(result.delivery).toMatchObject({ kind: 'respond', response: { status: 410 }, bytesPerSecond: 50 })
    expect(result.note).toEqual({ reason: 'Unregistered' })
    expect(result.faultIds).toEqual(['e', 'd'])
  })

  it('latency waits, then the first answering fault answers; later answering faults are not named', () => {
    const result = run([
      { id: 'wait', type: 'latency', attributes: { distribution: { kind: 'fixed', ms: 200 } } },
      { id: 'first', type: 'outage', attributes: { retryAfterSeconds: 30 } },
      { id: 'second', type: 'hang' },
    ])
    expect(result.waitMs).toBe(200)
    expect(result.delivery).toMatchObject({ kind: 'respond', response: { status: 503, headers: { 'retry-after': '30' } } })
    expect(result.note).toEqual({ reason: 'ServiceUnavailable' })
    expect(result.faultIds).toEqual(['wait', 'first'])
  })

  it('an error without a wire form for the target does not apply: the core answers', () => {
    const result = run([{ id: 'e', type: 'error', attributes: { code: 'UNREGISTERED' } }])
    expect(result.coreAsked).toBe(true)
    expect(result.faultIds).toEqual([])
  })

  it('rate-limit answers once its bucket is empty, with Retry-After from the refill', () => {
    const { engine } = engineWith([{ id: 'rl', type: 'rate-limit', attributes: { key: 'global', capacity: 1, refillPerSecond: 0.1 } }])
    expect(engine.decide(SUBJECT).applied).toEqual([])
    const [limited] = engine.decide(SUBJECT).applied
    expect(limited).toMatchObject({ id: 'rl', drawn: { retryAfterMs: 10_000 } })
    const result = applyFaults({ applied: [limited!] }, () => OK, context()) as FaultedExchange
    expect(result.delivery).toMatchObject({ kind: 'respond', response: { status: 429, headers: { 'retry-after': '10' } } })
  })

  it('stays asynchronous only when the core is', async () => {
    const { engine } = engineWith([{ type: 'close', attributes: { afterBytes: 1 } }])
    const result = applyFaults(engine.decide(SUBJECT), () => Promise.resolve(OK), context())
    expect(result).toBeInstanceOf(Promise)
    expect((await result).delivery).toEqual(respond(OK, { cut: { afterBytes: 1, by: 'close' } }))
  })
})
