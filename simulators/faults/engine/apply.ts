import type { Delivery } from '../../kernel/delivery.ts'
import type { ExchangeNote, Outcome } from '../../kernel/exchange.ts'
import type { ApplyContext } from '../types/index.ts'
import type { FaultPipeline } from './engine.ts'

export type { ApplyContext }

export interface FaultedExchange {
  /** Headers-stage latency (simulated ms): nothing is delivered before it is over, whatever the delivery (an answer, a reset, a GOAWAY). */
  waitMs: number
  delivery: Delivery
  /** Ledger facts: the note of whoever answered (a fault or the core). */
  note: ExchangeNote | undefined
  /** Ids of the faults that took effect, in pipeline order. */
  faultIds: string[]
}

/**
 * Applies a frozen pipeline around the provider core, in three stages of
 * the faults' own types (../types/):
 *
 *   wait (latency) ─▶ [first answering fault | provider core] ─▶ shape (close, rst-stream after bytes,
 *                                                                 headers-only, dribble, max-streams, goaway)
 *
 * Answering faults after the first do not take effect and are not named;
 * the shaping faults apply, in list order, to whichever answer was chosen
 * while it is still an answer (a GOAWAY ends the shaping).
 */
export function applyFaults(pipeline: FaultPipeline, core: () => Outcome | Promise<Outcome>, ctx: ApplyContext): FaultedExchange | Promise<FaultedExchange> {
  const faultIds: string[] = []
  let headersDelayMs = 0
  let bodyDelayMs = 0
  for (const fault of pipeline.applied) {
    const wait = fault.type.wait?.(fault)
    if (wait === undefined) continue
    if (wait.stage === 'body') bodyDelayMs += wait.ms
    else headersDelayMs += wait.ms
    faultIds.push(fault.id)
  }
  const shapeAnswer = (answered: Answered) => ({ waitMs: headersDelayMs, ...shape(pipeline, answered, bodyDelayMs, faultIds, ctx) })

  for (const fault of pipeline.applied) {
    const answer = fault.type.answer?.(fault, ctx)
    if (answer === undefined) continue // not an answering fault, or no wire form for this target: it does not apply here
    faultIds.push(fault.id)
    return shapeAnswer({ delivery: answer.delivery, note: { reason: answer.reason } })
  }
  // Synchronous when the core is: a decision must not slip behind requests that arrived after it.
  const outcome = core()
  return outcome instanceof Promise ? outcome.then((decided) => shapeAnswer(coreAnswer(decided))) : shapeAnswer(coreAnswer(outcome))
}

type Answered = { delivery: Delivery; note: ExchangeNote | undefined }

const coreAnswer = (outcome: Outcome): Answered => ({ delivery: { kind: 'respond', response: outcome.response, ...(outcome.effect ? { effect: outcome.effect } : {}) }, note: outcome.note })

/** The shaping faults applied to the chosen answer. */
function shape(pipeline: FaultPipeline, answered: Answered, bodyDelayMs: number, faultIds: string[], ctx: ApplyContext): Omit<FaultedExchange, 'waitMs'> {
  let delivery = answered.delivery.kind === 'respond' && bodyDelayMs > 0 ? { ...answered.delivery, bodyDelayMs } : answered.delivery
  for (const fault of pipeline.applied) {
    if (delivery.kind !== 'respond') break
    const shaped = fault.type.shape?.(fault, delivery, ctx)
    if (shaped === undefined) continue
    delivery = shaped
    faultIds.push(fault.id)
  }
  return { delivery, note: answered.note, faultIds }
}
