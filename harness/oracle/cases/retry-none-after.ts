/**
 * retry.none-after.dead-address and retry.none-after.bad-message (§4): a
 * dead address or a bad message is final; no attempt of that delivery may
 * start after such an answer ended (same clock: the simulators' wall).
 */
import { CaseBuilder } from '../case.ts'
import type { DeliverySummary } from '../ground-truth.ts'
import { SEMANTICS, type CaseFactory } from '../oracle-context.ts'

export const retryNoneAfterCases: CaseFactory = () => {
  const dead = new CaseBuilder('retry.none-after.dead-address', 'no retry after a dead-address answer (410, Unregistered, push_unreg, …)', { document: SEMANTICS, section: '§4' })
  const bad = new CaseBuilder('retry.none-after.bad-message', 'no retry after a bad-message answer (payload too large, bad params, …)', { document: SEMANTICS, section: '§4' })
  const judge = (builder: CaseBuilder, summary: DeliverySummary, mark: { seq: number; end: number } | undefined, what: string) => {
    if (mark === undefined) return
    const later = summary.lastStart > mark.end && summary.lastSeq !== mark.seq
    builder.check(later ? { deliveryId: summary.deliveryId, personId: summary.report?.personId, seq: [mark.seq, summary.lastSeq], expected: 'no further attempt', actual: `${summary.attempts} attempts`, note: `attempt ${summary.lastSeq} sent after the ${what} answer ${mark.seq}` } : undefined)
  }
  return {
    delivery(summary) {
      judge(dead, summary, summary.deadAddress, 'dead-address')
      judge(bad, summary, summary.badMessage, 'bad-message')
    },
    results: () => [dead.result(), bad.result()],
  }
}
