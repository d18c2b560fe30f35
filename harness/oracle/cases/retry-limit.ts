/**
 * retry.limit.<channel> (§2): at most 1 + retry limit attempts per delivery,
 * counting every attempt on the wire (a timeout is a failed attempt).
 */
import { CaseBuilder, type CaseResult } from '../case.ts'
import { CHANNELS, type Channel } from '../channel-policy.ts'
import { SEMANTICS, type CaseFactory } from '../oracle-context.ts'

export const retryLimitCases: CaseFactory = (ctx) => {
  const builders = new Map<Channel, CaseBuilder>(CHANNELS.map((channel) => [channel, new CaseBuilder(`retry.limit.${channel}`, `at most 1 + ${ctx.limits[channel].retryLimit} attempts per ${channel} delivery`, { document: SEMANTICS, section: '§2' })]))
  return {
    delivery(summary) {
      if (summary.channel === undefined) return
      const limit = ctx.limits[summary.channel]
      const most = 1 + limit.retryLimit
      builders.get(summary.channel)!.check(
        summary.attempts <= most
          ? undefined
          : { deliveryId: summary.deliveryId, personId: summary.report?.personId, seq: [summary.firstSeq, summary.lastSeq], expected: `≤ ${most} attempts (retry limit ${limit.retryLimit}, ${limit.source})`, actual: summary.attempts, note: `${summary.attempts} attempts, more than 1 + ${limit.retryLimit}` },
      )
    },
    results: (): CaseResult[] => CHANNELS.map((channel) => builders.get(channel)!.result()),
  }
}
