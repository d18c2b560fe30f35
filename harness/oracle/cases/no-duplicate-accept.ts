/**
 * delivery.no-duplicate-accept (§5): a delivery is accepted by a provider
 * at most once; a second acceptance is a duplicate notification on the device,
 * unless it carried the first one's apns-id (issue 11 §1): APNs then shows
 * one notification, as for an attempt resent after a dispatcher crash.
 */
import { CaseBuilder } from '../case.ts'
import { SEMANTICS, type CaseFactory } from '../oracle-context.ts'

export const noDuplicateAcceptCase: CaseFactory = () => {
  const builder = new CaseBuilder('delivery.no-duplicate-accept', 'a delivery is accepted by its provider at most once', { document: SEMANTICS, section: '§5' })
  return {
    delivery(summary) {
      if (summary.accepted === 0) return
      builder.check(summary.accepted === 1 || summary.acceptedSameApnsId ? undefined : { deliveryId: summary.deliveryId, personId: summary.report?.personId, seq: [summary.firstAcceptedSeq, summary.secondAcceptedSeq], expected: 1, actual: summary.accepted, note: `accepted ${summary.accepted} times` })
    },
    results: () => [builder.result()],
  }
}
