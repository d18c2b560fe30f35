// One 500, then a healthy provider: the next send to the same device, on the same client, must go through.
import type { Probe } from '../probe.ts'
import { accepted, okOf, outcomeText, seqs, standardEvidence } from './facts.ts'

export const after500: Probe = {
  id: 'after-500',
  question: 'After a 500 Internal Server Error, does the next send on the same client go through?',
  providers: ['apns', 'fcm', 'webpush'],
  faults: ({ provider, target, codes }) => [`${provider}:error=${codes.internal}:target=${target}:first=1`],
  async drive({ notifications, library }) {
    const first = await library.send(notifications[0], 10_000)
    return [first, await library.send(notifications[0], 10_000)]
  },
  judge({ outcomes, attempts }) {
    const evidence = standardEvidence(attempts, outcomes, 'the second send delivered')
    const last = attempts.at(-1)
    if (okOf(outcomes[1]) && last !== undefined && accepted(last)) return { verdict: 'pass', summary: `the next send is delivered (seq ${last.seq}); the 500 itself: ${outcomeText(outcomes[0])}`, evidence }
    return { verdict: 'fail', summary: `the next send fails: ${outcomeText(outcomes[1])} (seq ${seqs(attempts).join(', ') || 'none'})`, evidence }
  },
}
