// The provider accepts the notification, then the answer is cut (RST_STREAM after the headers; HTTP/1.1: a TCP reset): a library that sends it again shows the user the notification twice.
import type { Probe } from '../probe.ts'
import { accepted, outcomeText, seqs, standardEvidence } from './facts.ts'

export const duplicates: Probe = {
  id: 'duplicates',
  question: 'When the provider accepted a notification but the answer was cut, does a retry deliver it twice?',
  providers: ['apns', 'fcm', 'webpush'],
  faults: ({ provider, target }) => [`${provider}:rst-stream=INTERNAL_ERROR:after-bytes=0:target=${target}:first=1`],
  drive: async ({ notifications, library }) => [await library.send(notifications[0], 15_000)],
  judge({ outcomes, attempts }) {
    const evidence = standardEvidence(attempts, outcomes, 'accepted once')
    const acceptedSeqs = seqs(attempts.filter(accepted))
    if (acceptedSeqs.length > 1) return { verdict: 'fail', summary: `delivered ${acceptedSeqs.length} times (seq ${acceptedSeqs.join(', ')}): the device shows it twice`, evidence }
    const once = acceptedSeqs.length === 1 ? `accepted once (seq ${acceptedSeqs[0]})` : 'never accepted'
    return { verdict: 'pass', summary: `${once}, ${attempts.length} attempt${attempts.length === 1 ? '' : 's'} (seq ${seqs(attempts).join(', ') || 'none'}); the application gets ${outcomeText(outcomes[0])}`, evidence }
  },
}
