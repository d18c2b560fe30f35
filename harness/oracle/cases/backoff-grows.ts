/**
 * retry.backoff.grows (§2: "exponential backoff with jitter").
 * Reading: with jitter a single delivery's waits need not grow, so the rule
 * is judged over the run. Waits are from an attempt's end to the next
 * attempt's start, after a transient answer (or none: a timeout, a reset)
 * that carried no Retry-After (that would set the wait). The waits before
 * later retries (2nd to 4th: below a typical cap) must tend to exceed those
 * before first retries: the probability that a later wait exceeds a first
 * one (ties count half; 0.5 for a constant wait, 0.75 for full jitter that
 * doubles) must be at least 0.6. Needs 20 waits of each kind; a bounded
 * sample of each is kept.
 */
import { CaseBuilder } from '../case.ts'
import type { AttemptMark } from '../ground-truth.ts'
import { SEMANTICS, type CaseFactory } from '../oracle-context.ts'

export const MIN_WAITS = 20
export const MIN_GROWTH = 0.6
const SAMPLE = 2048

export const backoffCase: CaseFactory = () => {
  const first = new Sample()
  const later = new Sample()
  let evidence: { deliveryId: string; seq: number[] } | undefined
  return {
    retry(previous, next, summary) {
      if (!waitsOnBackoff(previous)) return
      // next is attempt n (summary.attempts): retry n − 1.
      const retry = summary.attempts - 1
      const wait = next.start - previous.end
      if (retry === 1) first.add(wait)
      else if (retry <= 4) {
        later.add(wait)
        evidence ??= { deliveryId: summary.deliveryId, seq: [previous.seq, next.seq] }
      }
    },
    results() {
      const builder = new CaseBuilder('retry.backoff.grows', 'waits between retries grow (exponential backoff with jitter)', { document: SEMANTICS, section: '§2' }, { strict: true })
      if (first.seen < MIN_WAITS || later.seen < MIN_WAITS) return [builder.result(`too few waits on backoff to judge growth: ${first.seen} before first retries and ${later.seen} before later ones, ${MIN_WAITS} of each needed`)]
      const growth = probabilityGreater(later.values, first.values)
      for (let i = 1; i < first.seen + later.seen; i++) builder.check()
      const summary = `later waits exceed first ones with probability ${growth.toFixed(2)} (mean ${mean(first.values).toFixed(0)} ms → ${mean(later.values).toFixed(0)} ms)`
      builder.check(growth >= MIN_GROWTH ? undefined : { ...evidence, expected: `probability ≥ ${MIN_GROWTH}`, actual: growth, note: `waits do not grow: ${summary}` })
      return [builder.result()]
    },
  }
}

function waitsOnBackoff(previous: AttemptMark): boolean {
  if (previous.retryAfterMs !== undefined) return false
  return previous.answer.kind === 'no-answer' || (previous.answer.kind === 'error' && previous.answer.class === 'transient')
}

/** P(a > b) + ½ P(a = b) over all pairs (the Mann–Whitney statistic, normalised). */
export function probabilityGreater(a: readonly number[], b: readonly number[]): number {
  const sorted = [...b].sort((x, y) => x - y)
  let score = 0
  for (const value of a) {
    const below = lowerBound(sorted, value)
    const notAbove = upperBound(sorted, value)
    score += below + (notAbove - below) / 2
  }
  return score / (a.length * b.length)
}

function lowerBound(sorted: readonly number[], value: number): number {
  let low = 0
  let high = sorted.length
  while (low < high) {
    const mid = (low + high) >> 1
    if (sorted[mid]! < value) low = mid + 1
    else high = mid
  }
  return low
}

function upperBound(sorted: readonly number[], value: number): number {
  let low = 0
  let high = sorted.length
  while (low < high) {
    const mid = (low + high) >> 1
    if (sorted[mid]! <= value) low = mid + 1
    else high = mid
  }
  return low
}

const mean = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0) / values.length

/** A uniform sample of at most SAMPLE values (reservoir), with a fixed-seed generator so verdicts repeat. */
class Sample {
  readonly values: number[] = []
  seen = 0
  private state = 0x9e3779b9
  add(value: number): void {
    this.seen++
    if (this.values.length < SAMPLE) {
      this.values.push(value)
      return
    }
    this.state = (Math.imul(this.state, 1664525) + 1013904223) >>> 0
    const slot = this.state % this.seen
    if (slot < SAMPLE) this.values[slot] = value
  }
}
