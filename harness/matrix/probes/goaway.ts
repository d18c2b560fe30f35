// The provider answers, then closes the connection with GOAWAY (APNs' Shutdown; HTTP/1.1: connection: close): the next send must open a new one.
import type { Probe } from '../probe.ts'
import { accepted, okOf, outcomeText, seqs, standardEvidence } from './facts.ts'

export const goaway: Probe = {
  id: 'goaway',
  question: 'After the provider answers and sends GOAWAY (HTTP/1.1: connection: close), does the next send go through?',
  providers: ['apns', 'fcm', 'webpush'],
  faults: ({ provider, target }) => [`${provider}:goaway=Shutdown:target=${target}:first=1`],
  async drive({ notifications, library }) {
    const first = await library.send(notifications[0], 10_000)
    // Let the connection's close land before the next send, as it would between two pushes.
    await new Promise((resolve) => setTimeout(resolve, 300))
    return [first, await library.send(notifications[0], 10_000)]
  },
  judge({ outcomes, attempts }) {
    const evidence = standardEvidence(attempts, outcomes, 'the send after GOAWAY delivered')
    const last = attempts.at(-1)
    const connections = [...new Set(attempts.map((entry) => entry.connectionId))]
    if (okOf(outcomes[1]) && last !== undefined && accepted(last)) return { verdict: 'pass', summary: `the next send is delivered on connection ${last.connectionId} (seq ${seqs(attempts).join(', ')}; connections ${connections.join(', ')})`, evidence }
    return { verdict: 'fail', summary: `the next send fails: ${outcomeText(outcomes[1])} (seq ${seqs(attempts).join(', ') || 'none'})`, evidence }
  },
}
