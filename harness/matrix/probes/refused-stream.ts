// REFUSED_STREAM means "never processed": RFC 9113 §8.7 makes it safe to retry, so a library that fails the send loses a notification it could have sent.
// Over HTTP/1.1 the same fault closes the connection unanswered, which a client cannot tell from a processed request: observed only.
import type { Probe } from '../probe.ts'
import { accepted, okOf, outcomeText, seqs, standardEvidence } from './facts.ts'

export const refusedStream: Probe = {
  id: 'refused-stream',
  question: 'When a request is refused unprocessed (HTTP/2 REFUSED_STREAM; HTTP/1.1: closed unanswered), does the library send it again?',
  providers: ['apns', 'fcm', 'webpush'],
  faults: ({ provider, target }) => [`${provider}:refuse-stream:target=${target}:first=1`],
  drive: async ({ notifications, library }) => [await library.send(notifications[0], 10_000)],
  judge({ outcomes, attempts }) {
    const evidence = standardEvidence(attempts, outcomes, 'sent again and delivered')
    const delivered = attempts.find(accepted)
    // HTTP/1.1 has no "unprocessed" signal: a connection closed unanswered looks the same whether the provider processed the
    // request or not, so not sending a POST again is the cautious choice (RFC 9110 §9.2.2), and sending it again is a bet.
    if (attempts[0] !== undefined && attempts[0].transport !== 'h2') {
      const what = delivered === undefined ? `not sent again: the application gets ${outcomeText(outcomes[0])}` : 'sent again and delivered'
      return { verdict: 'observed', summary: `HTTP/1.1, closed unanswered: ${what} (seq ${seqs(attempts).join(', ')})`, evidence }
    }
    if (okOf(outcomes[0]) && delivered !== undefined) return { verdict: 'pass', summary: `sent again and delivered (seq ${seqs(attempts).join(', ')})`, evidence }
    return { verdict: 'fail', summary: `not sent again: the application gets ${outcomeText(outcomes[0])} for a request never processed (seq ${seqs(attempts).join(', ')})`, evidence }
  },
}
