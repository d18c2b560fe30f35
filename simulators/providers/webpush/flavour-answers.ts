import type { ExchangeNote, Outcome } from '../../kernel/exchange.ts'
import type { PushFailure } from './push-failure.ts'

/** How one push service words its answers; one implementation per service family. */
export interface FlavourAnswers {
  accepted(acceptance: Acceptance): Outcome
  /** `note` carries target and flavour; the answer adds the service's own reason. */
  refused(failure: PushFailure, note: ExchangeNote): Outcome
}

export interface Acceptance {
  /** scheme://authority of the request, the base of the Location header. */
  origin: string
  /** TTL as sent (already validated non-negative). */
  ttl: number
  note: ExchangeNote
}

/** Stable short code of a failure, e.g. `auth:key-mismatch`, for ledgers and logs. */
export function failureCode(failure: PushFailure): string {
  switch (failure.kind) {
    case 'not-found':
    case 'ttl':
    case 'topic':
    case 'encoding':
    case 'auth':
      return `${failure.kind}:${failure.problem}`
    case 'gone':
      return `gone:${failure.state}`
    default:
      return failure.kind
  }
}
