// A 503 twice, then success: whether a library retries is its choice; the matrix reports how many times and how far apart.
import type { Probe } from '../probe.ts'
import { accepted, gapsMs, okOf, outcomeText, seconds, seqs, standardEvidence } from './facts.ts'

export const retryUnavailable: Probe = {
  id: 'retry-503',
  question: 'On 503 Unavailable (twice, then the provider recovers), does the library retry, how often and how far apart?',
  providers: ['apns', 'fcm', 'webpush'],
  faults: ({ provider, target, codes }) => [`${provider}:error=${codes.unavailable}:target=${target}:first=2`],
  drive: async ({ notifications, library }) => [await library.send(notifications[0], 20_000)],
  judge({ outcomes, attempts }) {
    const evidence = standardEvidence(attempts, outcomes, 'a fact, not a rule: retries and their spacing')
    if (attempts.length <= 1) return { verdict: 'observed', summary: `no retry (seq ${seqs(attempts).join(', ')}): the application gets ${outcomeText(outcomes[0])}`, evidence }
    const retries = attempts.length - 1
    const delivered = attempts.some(accepted) && okOf(outcomes[0])
    return {
      verdict: 'observed',
      summary: `retries ${retries} time${retries === 1 ? '' : 's'}, ${gapsMs(attempts).map(seconds).join(', ')} apart (seq ${seqs(attempts).join(', ')}); ${delivered ? 'delivered' : outcomeText(outcomes[0])}`,
      evidence,
    }
  },
}
