// A 429 with Retry-After: 2. Honoured means: a retry no sooner than 2 s, or no retry and the value handed to the application
// (FCM and RFC 8030 document Retry-After; for APNs, where Apple does not, dropping it is only observed).
import type { Probe } from '../probe.ts'
import { gapsMs, okOf, outcomeText, seconds, seqs, standardEvidence } from './facts.ts'

const RETRY_AFTER_S = 2
// The ledger's instants and the client's timer are read on different clocks: a few ms either way is the same second.
const TOLERANCE_MS = 50

export const retryAfter: Probe = {
  id: 'retry-after',
  question: `On a 429 with Retry-After: ${RETRY_AFTER_S}, does the library wait that long before retrying, or hand Retry-After to the application?`,
  providers: ['apns', 'fcm', 'webpush'],
  faults: ({ provider, target, codes }) => [`${provider}:error=${codes.rateLimited}:target=${target}:first=1:retry-after=${RETRY_AFTER_S}`],
  drive: async ({ notifications, library }) => [await library.send(notifications[0], 15_000)],
  judge({ terms, outcomes, attempts }) {
    const evidence = standardEvidence(attempts, outcomes, `no retry before ${RETRY_AFTER_S} s, or Retry-After given to the application`)
    const result = outcomes[0]?.answered ? outcomes[0].result : undefined
    if (attempts.length > 1) {
      const gap = gapsMs(attempts)[0]!
      if (gap + TOLERANCE_MS < RETRY_AFTER_S * 1000) return { verdict: 'fail', summary: `retried ${seconds(gap)} after the 429, before Retry-After's ${RETRY_AFTER_S} s (seq ${seqs(attempts).join(', ')})`, evidence }
      return { verdict: 'pass', summary: `retried ${seconds(gap)} after the 429 (seq ${seqs(attempts).join(', ')}); ${okOf(outcomes[0]) ? 'delivered' : outcomeText(outcomes[0])}`, evidence }
    }
    if (result?.retryAfter !== undefined) return { verdict: 'pass', summary: `no retry; the application gets Retry-After ${result.retryAfter} (seq ${seqs(attempts).join(', ')})`, evidence }
    const dropped = `no retry, and Retry-After is not handed to the application (seq ${seqs(attempts).join(', ')}): it gets ${outcomeText(outcomes[0])}`
    // Apple documents no Retry-After for APNs: a library cannot be faulted for not passing on what APNs is not known to send.
    if (terms.provider === 'apns') return { verdict: 'observed', summary: `${dropped} (Apple documents no Retry-After for APNs)`, evidence }
    return { verdict: 'fail', summary: dropped, evidence }
  },
}
