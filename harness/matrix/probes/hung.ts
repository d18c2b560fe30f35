// The provider never answers. A library's timeout is its own choice (some wait minutes): the matrix waits a bounded time and reports what it saw.
import type { Probe } from '../probe.ts'
import { okOf, outcomeText, seconds, seqs, standardEvidence } from './facts.ts'

// Above @parse/node-apn's 5 s write timeout with room for a loaded machine; libraries without a timeout show as such.
export const HUNG_BOUND_MS = 8000

export const hung: Probe = {
  id: 'hung',
  question: `When the provider never answers, does the library time out, and when (the matrix waits ${HUNG_BOUND_MS / 1000} s)?`,
  providers: ['apns', 'fcm', 'webpush'],
  faults: ({ provider, target }) => [`${provider}:hang:target=${target}:first=1`],
  drive: async ({ notifications, library }) => [await library.send(notifications[0], HUNG_BOUND_MS)],
  judge({ outcomes, attempts }) {
    const evidence = standardEvidence(attempts, outcomes, 'a fact, not a rule: when the library gives up')
    const outcome = outcomes[0]
    const first = attempts[0]
    if (outcome === undefined || !outcome.answered) return { verdict: 'observed', summary: `no timeout within ${seconds(HUNG_BOUND_MS)}${first ? ` (seq ${first.seq} was still open when the matrix stopped waiting)` : ''}`, evidence }
    const left = first === undefined ? '' : first.wire.outcome === 'abandoned' ? `; it left the stream after ${seconds(first.wire.afterMs)} (seq ${first.seq})` : ` (seq ${first.seq}: wire ${first.wire.outcome})`
    const retried = attempts.length > 1 ? `, then retried (seq ${seqs(attempts).join(', ')}) and ${okOf(outcome) ? 'delivered' : 'failed'}` : ''
    return { verdict: 'observed', summary: `gives up: ${outcomeText(outcome)}${left}${retried}`, evidence }
  },
}
