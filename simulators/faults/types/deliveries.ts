/** Building blocks the fault types share for their answers and shapes. */
import type { Cut, Respond } from '../../kernel/delivery.ts'
import { findEntry, renderWire, wireFor } from '../../catalogue/index.ts'
import { h2ErrorCode } from '../plan/h2-error-codes.ts'
import type { ApplyContext, FaultAnswer } from './define.ts'

/** A validated code (name or number) as its number; `fallback` when the fault named none. */
export const http2Code = (code: number | string | undefined, fallback: number): number => (code === undefined ? fallback : (h2ErrorCode(code) ?? fallback))

/** A catalogue entry in this target's own wire form; undefined when the entry has none for the target. */
export function catalogueAnswer(code: string, ctx: ApplyContext, retryAfterSeconds: number | undefined): FaultAnswer | undefined {
  const entry = findEntry(code)
  const wire = entry && wireFor(entry, ctx.target)
  if (!entry || !wire) return undefined
  const result = renderWire(wire, { ...ctx, ...(ctx.apnsId ? { apnsId: ctx.apnsId } : {}), ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) })
  switch (result.kind) {
    case 'respond':
      return { delivery: { kind: 'respond', response: result.response }, reason: entry.name }
    case 'goaway':
      return { delivery: { kind: 'goaway', code: result.code, ...(result.debug === undefined ? {} : { debug: result.debug }) }, reason: entry.name }
    default:
      return { delivery: { kind: result.kind }, reason: entry.name }
  }
}

/**
 * The answer cut by `cut`, unless it is already cut as early or earlier:
 * of several cuts, the first byte count reached ends the answer
 * (undefined then: the fault changed nothing).
 */
export function withCut(delivery: Respond, cut: Cut): Respond | undefined {
  if (delivery.cut !== undefined && delivery.cut.afterBytes <= cut.afterBytes) return undefined
  return { ...delivery, cut }
}
