/**
 * retry.retry-after.honoured (§2, §4): after an answer with Retry-After,
 * the next attempt of the delivery starts no sooner than the answer's end
 * plus Retry-After (virtual seconds, as announced), less the two-clock slack.
 */
import { CaseBuilder } from '../case.ts'
import { instantSlackMs, SEMANTICS, type CaseFactory } from '../oracle-context.ts'

export const retryAfterCase: CaseFactory = () => {
  const builder = new CaseBuilder('retry.retry-after.honoured', 'a retry waits at least the Retry-After of the answer before it', { document: SEMANTICS, section: '§2, §4' })
  return {
    retry(previous, next, summary) {
      if (previous.retryAfterMs === undefined || previous.answer.kind === 'accepted') return
      const waited = next.start - previous.end
      const due = previous.retryAfterMs - instantSlackMs(previous.scale)
      builder.check(
        waited >= due
          ? undefined
          : { deliveryId: summary.deliveryId, seq: [previous.seq, next.seq], expected: `≥ ${previous.retryAfterMs} ms`, actual: `${Math.round(waited)} ms`, note: `retried ${Math.round(waited)} ms after an answer with Retry-After ${previous.retryAfterMs / 1000} s` },
      )
    },
    results: () => [builder.result()],
  }
}
