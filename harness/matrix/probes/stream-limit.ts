// APNs allows one stream on a new connection until its first valid provider token: two notifications sent at once, the second is refused unless the client waits for the limit to rise or retries.
import type { Probe } from '../probe.ts'
import { okOf, outcomeText, seqs, standardEvidence } from './facts.ts'

export const streamLimit: Probe = {
  id: 'stream-limit',
  question: "Two notifications at once on a new APNs connection (one stream until the first valid token): are both delivered?",
  providers: ['apns'],
  faults: () => [],
  drive: ({ notifications, library }) => Promise.all(notifications.map((notification) => library.send(notification, 10_000))),
  judge({ outcomes, attempts }) {
    const evidence = standardEvidence(attempts, outcomes, 'both delivered')
    if (outcomes.every(okOf)) return { verdict: 'pass', summary: `both delivered (seq ${seqs(attempts).join(', ')})`, evidence }
    const failed = outcomes.findIndex((outcome) => !okOf(outcome))
    return { verdict: 'fail', summary: `send ${failed + 1} fails: ${outcomeText(outcomes[failed])} (seq ${seqs(attempts).join(', ')})`, evidence }
  },
}
