// The provider holds every new connection 2 s before its TLS handshake: does the library wait, and how long does a send take?
import type { Probe } from '../probe.ts'
import { okOf, outcomeText, seqs, standardEvidence } from './facts.ts'

const HOLD_S = 2

export const slowConnect: Probe = {
  id: 'slow-connect',
  question: `When every connection is held ${HOLD_S} s before its handshake, does the library wait it out or give up?`,
  providers: ['apns', 'fcm', 'webpush'],
  faults: ({ provider }) => [`${provider}:slow-connect=fixed(${HOLD_S}s)`],
  drive: async ({ notifications, library }) => [await library.send(notifications[0], 15_000)],
  judge({ outcomes, attempts }) {
    const evidence = standardEvidence(attempts, outcomes, 'a fact, not a rule: how the library meets a slow connect')
    if (okOf(outcomes[0])) return { verdict: 'observed', summary: `waits out the ${HOLD_S} s hold: ${outcomeText(outcomes[0])} (seq ${seqs(attempts).join(', ')})`, evidence }
    return { verdict: 'observed', summary: `gives up: ${outcomeText(outcomes[0])}${attempts.length > 0 ? ` (seq ${seqs(attempts).join(', ')})` : '; no request reached the provider'}`, evidence }
  },
}
