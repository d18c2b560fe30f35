/**
 * retry.credential-refresh.apns and retry.credential-refresh.fcm (§4
 * "credentials": refresh the credential once, then retry), from the ledger
 * alone. Each credential in use has an ordinal: APNs, its provider token's
 * `iat` (the ledger keeps it); FCM, how many access tokens the token route
 * had handed out when the send started. After a send answered with a
 * credentials-class error (ExpiredProviderToken, ACCESS_TOKEN_EXPIRED), the
 * delivery's retry must carry:
 * - a newer credential than the rejected one, or
 * - the same one when it is itself the refresh: it came into use after an
 *   older credential was rejected (one refresh serves every send rejected
 *   in the same episode; refreshing per rejection would be a storm, and
 *   APNs answers TooManyProviderTokenUpdates to that);
 * and for FCM, at most one token request between the rejected send and its
 * retry. A delivery never retried is left to the retry cases.
 */
import { CaseBuilder, type CaseResult } from '../case.ts'
import type { Exchange } from '../ground-truth.ts'
import { instantSlackMs, SEMANTICS, type CaseFactory } from '../oracle-context.ts'

type Judged = 'apns' | 'fcm'

interface Credentials {
  /** Ordinal → when it was first in use (APNs: first send carrying it; FCM: its token request's end). */
  introduced: Map<number, number>
  /** Ordinal → the earliest end of a credentials-class answer to a send carrying it. */
  rejected: Map<number, number>
}

export const credentialRefreshCases: CaseFactory = () => {
  const builders: Record<Judged, CaseBuilder> = {
    apns: new CaseBuilder('retry.credential-refresh.apns', 'after ExpiredProviderToken the retry carries a refreshed provider token', { document: SEMANTICS, section: '§4' }),
    fcm: new CaseBuilder('retry.credential-refresh.fcm', 'after an expired OAuth token a new access token is fetched once, then the send retried', { document: SEMANTICS, section: '§4' }),
  }
  const state: Record<Judged, Credentials> = { apns: { introduced: new Map(), rejected: new Map() }, fcm: { introduced: new Map(), rejected: new Map() } }
  // One per token request: few.
  const fetches: { start: number; end: number }[] = []
  const pending = new Map<string, { exchange: Exchange; ordinal: number }>()
  let unreadable = 0

  const ordinalOf = (exchange: Exchange): number | undefined => {
    if (exchange.provider === 'fcm') return fetches.filter((fetch) => fetch.end <= exchange.start).length
    return exchange.credential === undefined ? undefined : Number(exchange.credential.slice('iat='.length))
  }

  return {
    exchange(exchange) {
      if (exchange.credentialFetch === true) {
        fetches.push({ start: exchange.start, end: exchange.end })
        state.fcm.introduced.set(fetches.length, exchange.end)
        return
      }
      if (exchange.deliveryId === null || (exchange.provider !== 'apns' && exchange.provider !== 'fcm')) return
      const provider = exchange.provider
      const ordinal = ordinalOf(exchange)
      if (ordinal === undefined) {
        if (exchange.answer.kind === 'error' && exchange.answer.class === 'credentials') unreadable++
        return
      }
      const credentials = state[provider]
      if (provider === 'apns' && !(credentials.introduced.get(ordinal)! <= exchange.start)) credentials.introduced.set(ordinal, exchange.start)
      const before = pending.get(exchange.deliveryId)
      if (before !== undefined && exchange.start > before.exchange.start) {
        pending.delete(exchange.deliveryId)
        judge(provider, before, { exchange, ordinal })
      }
      if (exchange.answer.kind === 'error' && exchange.answer.class === 'credentials') {
        pending.set(exchange.deliveryId, { exchange, ordinal })
        if (!(credentials.rejected.get(ordinal)! <= exchange.end)) credentials.rejected.set(ordinal, exchange.end)
      }
    },
    results: (): CaseResult[] => [builders.apns.result(unreadable > 0 && builders.apns.result().checked === 0 ? `the ledger keeps no provider token issue time for ${unreadable} rejected sends (written before it kept iat=)` : undefined), builders.fcm.result()],
  }

  function judge(provider: Judged, before: { exchange: Exchange; ordinal: number }, retry: { exchange: Exchange; ordinal: number }): void {
    const { introduced, rejected } = state[provider]
    const seq = [before.exchange.seq, retry.exchange.seq]
    const who = { deliveryId: retry.exchange.deliveryId!, seq }
    const name = provider === 'apns' ? 'provider token' : 'access token'
    const refreshed = (ordinal: number): boolean => [...rejected].some(([older, end]) => older < ordinal && end <= introduced.get(ordinal)! + instantSlackMs(retry.exchange.scale))
    if (retry.ordinal < before.ordinal || (retry.ordinal === before.ordinal && !refreshed(before.ordinal))) {
      const shown = (ordinal: number) => (provider === 'apns' ? `iat=${ordinal}` : `access token #${ordinal}`)
      return builders[provider].check({ ...who, expected: `a ${name} newer than ${shown(before.ordinal)}`, actual: shown(retry.ordinal), note: `retried with the ${name} rejected as ${before.exchange.answer.kind === 'error' ? before.exchange.answer.entry : 'expired'}, never refreshed` })
    }
    if (provider === 'fcm') {
      const between = fetches.filter((fetch) => fetch.start > before.exchange.start && fetch.start < retry.exchange.start).length
      if (between > 1) return builders.fcm.check({ ...who, expected: 'at most 1 token request between the rejected send and its retry', actual: between, note: `${between} token requests between the rejected send and its retry: a refresh storm` })
    }
    builders[provider].check()
  }
}
