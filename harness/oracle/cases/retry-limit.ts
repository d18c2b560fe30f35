/**
 * retry.limit.<channel> (§2): at most 1 + retry limit attempts per delivery,
 * counting every attempt on the wire (a timeout is a failed attempt); under
 * the `retry-limit=attempts` reading, at most the limit itself.
 */
import { CaseBuilder, type CaseResult } from '../case.ts'
import { CHANNELS, type Channel } from '../channel-policy.ts'
import { readingOf, SEMANTICS, type CaseFactory } from '../oracle-context.ts'

export const retryLimitCases: CaseFactory = (ctx) => {
  const firstCounts = readingOf(ctx, 'retry-limit') === 'retries' ? 1 : 0
  const bound = (channel: Channel) => `${firstCounts === 1 ? '1 + ' : ''}${ctx.limits[channel].retryLimit}`
  const builders = new Map<Channel, CaseBuilder>(CHANNELS.map((channel) => [channel, new CaseBuilder(`retry.limit.${channel}`, `at most ${bound(channel)} attempts per ${channel} delivery`, { document: SEMANTICS, section: '§2' })]))
  return {
    delivery(summary) {
      if (summary.channel === undefined) return
      const limit = ctx.limits[summary.channel]
      const most = firstCounts + limit.retryLimit
      builders.get(summary.channel)!.check(
        summary.attempts <= most
          ? undefined
          : { deliveryId: summary.deliveryId, personId: summary.report?.personId, seq: [summary.firstSeq, summary.lastSeq], expected: `≤ ${most} attempts (retry limit ${limit.retryLimit}, ${limit.source})`, actual: summary.attempts, note: `${summary.attempts} attempts, more than ${bound(summary.channel)}` },
      )
    },
    results: (): CaseResult[] => CHANNELS.map((channel) => builders.get(channel)!.result()),
  }
}
