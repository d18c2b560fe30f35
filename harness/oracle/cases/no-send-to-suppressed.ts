/**
 * delivery.no-send-to-suppressed (§7 device management): a device whose
 * deliveries bounced twice in a row (two deliveries, each answered as a
 * dead address, no acceptance between) is suppressed: no attempt may start
 * after the second bounce ended. Judged per push address (token or
 * subscription) in ledger order, which is the order the dispatcher learns
 * outcomes in; memory is one entry per address that is bouncing.
 * Reading: re-identifying a person with the token resets it (§7); that is
 * not on the wire, so a scenario that re-identifies may show false failures.
 */
import { CaseBuilder } from '../case.ts'
import { instantSlackMs, SEMANTICS, type CaseFactory } from '../oracle-context.ts'

interface AddressState {
  bounces: number
  lastBounceDelivery: string
  bounceSeqs: number[]
  suppressedAt: number | undefined
  laterSeq: number | undefined
  laterDelivery: string | undefined
}

export const noSendToSuppressedCase: CaseFactory = () => {
  const addresses = new Map<string, AddressState>()
  return {
    exchange(exchange) {
      if (exchange.deliveryId === null || exchange.target === null) return
      const key = `${exchange.provider}|${exchange.target}`
      const state = addresses.get(key)
      if (state?.suppressedAt !== undefined) {
        if (state.laterSeq === undefined && exchange.start > state.suppressedAt + instantSlackMs(exchange.scale)) {
          state.laterSeq = exchange.seq
          state.laterDelivery = exchange.deliveryId
        }
        return
      }
      const { answer } = exchange
      if (answer.kind === 'accepted') addresses.delete(key)
      if (answer.kind !== 'error' || answer.class !== 'dead-address') return
      if (state === undefined) {
        addresses.set(key, { bounces: 1, lastBounceDelivery: exchange.deliveryId, bounceSeqs: [exchange.seq], suppressedAt: undefined, laterSeq: undefined, laterDelivery: undefined })
        return
      }
      // A second dead answer to the same delivery is a retry (another case's concern), not a second bounce.
      if (state.lastBounceDelivery === exchange.deliveryId) return
      state.bounces++
      state.lastBounceDelivery = exchange.deliveryId
      state.bounceSeqs.push(exchange.seq)
      if (state.bounces >= 2) state.suppressedAt = exchange.end
    },
    results() {
      const builder = new CaseBuilder('delivery.no-send-to-suppressed', 'no attempt to a device after it bounced twice in a row', { document: SEMANTICS, section: '§7' })
      for (const [key, state] of addresses) {
        if (state.suppressedAt === undefined) continue
        builder.check(state.laterSeq === undefined ? undefined : { deliveryId: state.laterDelivery, seq: [...state.bounceSeqs, state.laterSeq], expected: 'no attempt after the second bounce', actual: `attempt ${state.laterSeq}`, note: `${key.split('|')[0]} address ${key.split('|')[1]!.slice(0, 16)}… sent to after bouncing twice in a row` })
      }
      return [builder.result()]
    },
  }
}
