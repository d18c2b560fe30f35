// Does the provider's answer reach the application whole: its status, its reason, and APNs' 410 timestamp (when the token died)?
import type { Probe } from '../probe.ts'
import { sendToDeadToken } from './dead-token-send.ts'
import { seqs, standardEvidence } from './facts.ts'

export const errorDetail: Probe = {
  id: 'error-detail',
  question: "On a 410 (FCM: 404), does the application receive the answer's status, its reason and, from APNs, the timestamp the token died?",
  ...sendToDeadToken,
  judge({ terms, outcomes, attempts }) {
    const answer = attempts.find((entry) => entry.response.status >= 400)
    const outcome = outcomes[0]
    const result = outcome?.answered ? outcome.result : undefined
    const timestamp = answer ? readTimestamp(answer.response.body) : undefined
    const expected = { status: answer?.response.status, reason: answer?.reason, ...(terms.provider === 'apns' ? { timestamp } : {}) }
    const evidence = standardEvidence(attempts, outcomes, expected)
    if (answer === undefined || result === undefined) return { verdict: 'fail', summary: `no error answer reached the application (seq ${seqs(attempts).join(', ') || 'none'})`, evidence }
    const missing = [
      ...(result.status === answer.response.status ? [] : [`status ${answer.response.status}`]),
      ...(result.reason ? [] : [`reason ${answer.reason}`]),
      ...(terms.provider === 'apns' && result.timestamp === undefined ? ['timestamp'] : []),
    ]
    const got = [result.status === undefined ? undefined : `status ${result.status}`, result.reason === undefined ? undefined : `reason "${result.reason}"`, result.timestamp === undefined ? undefined : `timestamp ${result.timestamp}`].filter(Boolean).join(', ')
    if (missing.length > 0) return { verdict: 'fail', summary: `loses ${missing.join(', ')} (seq ${answer.seq}); gets ${got || 'only an error message'}`, evidence }
    return { verdict: 'pass', summary: `gets ${got} (seq ${answer.seq})`, evidence }
  },
}

function readTimestamp(body: string): number | undefined {
  try {
    const parsed = JSON.parse(body) as { timestamp?: unknown }
    return typeof parsed.timestamp === 'number' ? parsed.timestamp : undefined
  } catch {
    return undefined
  }
}
