import type { ChannelPolicy } from '../model/channel.ts'
import type { ErrorClass } from '../model/lifecycle.ts'
import { jitteredBackoffMs, type Backoff } from './backoff.ts'
import type { Classification } from './classification.ts'

export interface NextStepInput {
  classification: Classification
  /** Attempts made so far, the one just classified included (1 after the first). */
  attempts: number
  policy: ChannelPolicy
  backoff: Backoff
  /** Seeded source in [0, 1) for the jitter. */
  random: () => number
  /** When the attempt finished (epoch ms). */
  now: number
  /** An earlier attempt of this delivery already failed on credentials (and refreshed them). */
  credentialRefreshed: boolean
}

export type NextStep =
  | { kind: 'accepted' }
  | { kind: 'retry'; notBefore: number; refreshCredential: boolean }
  | { kind: 'final'; state: 'failed' | 'bounced'; code: string; errorClass: ErrorClass }

/**
 * What a delivery does after one attempt (push-semantics §2, §4):
 * - transient → retry while attempts < 1 + retryLimit, after full-jitter backoff and never
 *   sooner than Retry-After; then failed;
 * - credentials → refresh the credential and retry at once (Apple: "immediately, with a fresh
 *   JWT"; still never sooner than Retry-After), once per delivery and within the limit; a second
 *   credentials failure is failed;
 * - dead address → bounced; configuration and bad message → failed.
 */
export function nextStep(input: NextStepInput): NextStep {
  const { classification, attempts, policy, now } = input
  if (classification.outcome === 'accepted') return { kind: 'accepted' }
  const { code, class: errorClass } = classification
  const final = (state: 'failed' | 'bounced'): NextStep => ({ kind: 'final', state, code, errorClass })
  const withinLimit = attempts < 1 + policy.retryLimit
  const retryAfterMs = classification.retryAfterMs ?? 0
  switch (errorClass) {
    case 'dead-address':
      return final('bounced')
    case 'configuration':
    case 'bad-message':
      return final('failed')
    case 'credentials':
      if (input.credentialRefreshed || !withinLimit) return final('failed')
      return { kind: 'retry', notBefore: now + retryAfterMs, refreshCredential: true }
    case 'transient': {
      if (!withinLimit) return final('failed')
      const waitMs = Math.max(jitteredBackoffMs(attempts, input.backoff, input.random), retryAfterMs)
      return { kind: 'retry', notBefore: now + waitMs, refreshCredential: false }
    }
  }
}
