/**
 * delivery.no-send-after-ttl and delivery.no-send-after-cutoff (§5, §10
 * "Retries and time rules"): no attempt, retries included, after the
 * delivery's TTL or the campaign's cut-off.
 *
 * Reading of the TTL: it counts from the message's planning, which is not
 * on the wire; the first attempt is no earlier than it, so the deadline is
 * taken as the first attempt + ttlSeconds. That is lenient (a first attempt
 * sent late is not caught) but never blames a correct dispatcher; it catches
 * retries that run past the TTL. The campaign's rules come from the
 * dispatcher's own report, the delivery → campaign join too.
 * The cut-off is an instant on the run's virtual calendar: only comparable
 * when the dispatcher follows the run clock (the `clock` capability).
 */
import { CaseBuilder } from '../case.ts'
import { instantSlackMs, SEMANTICS, type CaseFactory } from '../oracle-context.ts'

export const sendDeadlineCases: CaseFactory = (ctx) => {
  const ttl = new CaseBuilder('delivery.no-send-after-ttl', 'no attempt after the delivery’s TTL (counted from its first attempt)', { document: SEMANTICS, section: '§5, §10' })
  const cutoff = new CaseBuilder('delivery.no-send-after-cutoff', 'no attempt after the campaign’s cut-off time', { document: SEMANTICS, section: '§9, §10' })
  return {
    delivery(summary) {
      const rules = summary.report && ctx.campaigns.get(summary.report.campaignId)
      if (rules === undefined) return
      const slack = instantSlackMs(summary.last.scale)
      const who = { deliveryId: summary.deliveryId, personId: summary.report?.personId, campaignId: summary.report?.campaignId }
      if (rules.ttlSeconds !== undefined) {
        const deadline = summary.firstStart + rules.ttlSeconds * 1000
        ttl.check(summary.lastStart <= deadline + slack ? undefined : { ...who, seq: [summary.firstSeq, summary.lastSeq], expected: `no attempt after ${new Date(deadline).toISOString()}`, actual: new Date(summary.lastStart).toISOString(), note: `attempt ${summary.lastSeq} ${Math.round((summary.lastStart - deadline) / 1000)} s after the TTL of ${rules.ttlSeconds} s ran out` })
      }
      if (rules.cutoffAt !== undefined && ctx.capabilities.includes('clock')) {
        cutoff.check(summary.lastStart <= rules.cutoffAt + slack ? undefined : { ...who, seq: [summary.lastSeq], expected: `no attempt after ${new Date(rules.cutoffAt).toISOString()}`, actual: new Date(summary.lastStart).toISOString(), note: `attempt ${summary.lastSeq} ${Math.round((summary.lastStart - rules.cutoffAt) / 1000)} s after the cut-off` })
      }
    },
    results() {
      const noJoin = ctx.reportsListDeliveries ? undefined : 'the dispatcher’s report lists no deliveries: attempts cannot be joined to their campaign’s rules'
      const noClock = ctx.capabilities.includes('clock') ? noJoin : 'needs the clock capability: without it the dispatcher’s cut-off is not on the run’s calendar'
      return [ttl.result(noJoin), cutoff.result(noClock)]
    },
  }
}
