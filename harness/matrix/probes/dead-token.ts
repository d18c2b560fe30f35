// Can the application tell a token is dead, from one attempt? A second attempt to a 410/404 token is a retry the provider forbids.
import type { Probe } from '../probe.ts'
import { sendToDeadToken } from './dead-token-send.ts'
import { okOf, outcomeText, seqs, standardEvidence } from './facts.ts'

const DEAD_SIGNAL = /unregistered|not-registered|notregistered|gone|expired/i

export const deadToken: Probe = {
  id: 'dead-token',
  question: 'After a 410 Unregistered (FCM: 404 UNREGISTERED), can the application tell the token is dead, and did the library send only once?',
  ...sendToDeadToken,
  judge({ outcomes, attempts }) {
    const outcome = outcomes[0]
    const result = outcome?.answered ? outcome.result : undefined
    const told = result !== undefined && !okOf(outcome) && (result.status === 410 || result.status === 404 || DEAD_SIGNAL.test(`${result.reason ?? ''} ${result.error ?? ''}`))
    const evidence = standardEvidence(attempts, outcomes, 'a failure naming the dead token (410/404 or its reason), after one attempt')
    if (attempts.length > 1) return { verdict: 'fail', summary: `retried a dead token: ${attempts.length} attempts (seq ${seqs(attempts).join(', ')})`, evidence }
    if (!told) return { verdict: 'fail', summary: `the application cannot tell the token is dead (seq ${seqs(attempts).join(', ')}): it gets ${outcomeText(outcome)}`, evidence }
    const signal = result.status !== undefined ? `status ${result.status}` : `"${result.reason ?? result.error}"`
    return { verdict: 'pass', summary: `one attempt (seq ${seqs(attempts).join(', ')}); the application gets ${signal}`, evidence }
  },
}
