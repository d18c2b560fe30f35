/**
 * timeout.read.<channel> (§2): an exchange the provider never answers (a
 * `hang`) is abandoned at the channel's read timeout, within the tolerance
 * of timeoutWindow; an exchange still owed at shutdown after longer than
 * the timeout, or any exchange the client waited on past it, breaks it.
 * All in virtual ms (wire.afterMs divided by the time scale).
 */
import { CaseBuilder, type CaseResult } from '../case.ts'
import { CHANNELS, type Channel } from '../channel-policy.ts'
import { SEMANTICS, timeoutWindow, type CaseFactory } from '../oracle-context.ts'

export const readTimeoutCases: CaseFactory = (ctx) => {
  const builders = new Map<Channel, CaseBuilder>(CHANNELS.map((channel) => [channel, new CaseBuilder(`timeout.read.${channel}`, `a ${channel} exchange left unanswered is abandoned at the read timeout (${ctx.limits[channel].readTimeoutMs / 1000} s)`, { document: SEMANTICS, section: '§2' })]))
  return {
    exchange(exchange) {
      if (exchange.channel === undefined) return
      const timeout = ctx.limits[exchange.channel].readTimeoutMs
      const { low, high } = timeoutWindow(timeout, exchange.scale)
      const hung = exchange.decided === 'hang'
      const evidence = (actual: string, note: string) => ({ deliveryId: exchange.deliveryId ?? undefined, seq: [exchange.seq], expected: `${Math.round(low)}–${Math.round(high)} ms`, actual, note })
      const builder = builders.get(exchange.channel)!
      if (exchange.outcome === 'hung') {
        const owed = exchange.end - exchange.start
        if (owed > high) builder.check(evidence(`still waiting after ${Math.round(owed)} ms`, `exchange ${exchange.seq} was never abandoned: still owed after ${Math.round(owed)} ms`))
        return
      }
      if (hung && exchange.outcome === 'abandoned') {
        const ok = exchange.afterMs >= low && exchange.afterMs <= high
        builder.check(ok ? undefined : evidence(`${Math.round(exchange.afterMs)} ms`, `exchange ${exchange.seq} abandoned after ${Math.round(exchange.afterMs)} ms, read timeout ${timeout} ms`))
        return
      }
      // Not a hang, but the client waited on it past its timeout (a slow answer it should have given up on).
      if (exchange.afterMs > high) builder.check(evidence(`${Math.round(exchange.afterMs)} ms`, `exchange ${exchange.seq} waited on for ${Math.round(exchange.afterMs)} ms (${exchange.outcome}), read timeout ${timeout} ms`))
    },
    results: (): CaseResult[] => CHANNELS.map((channel) => builders.get(channel)!.result()),
  }
}
