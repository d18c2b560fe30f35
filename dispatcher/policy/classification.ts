import type { Action, ErrorClass } from '../model/lifecycle.ts'

/** The dispatcher's own reading of one attempt's result (§3–4); checked against pushsim's catalogue by the harness, never shared with it. */
export type Classification =
  | { outcome: 'accepted' }
  | {
      outcome: 'error'
      /** Dashboard code of §3 (`apns_token_format`, `fcm_sending_rate_exceeded`, `browser_unsubscribed`, …). */
      code: string
      class: ErrorClass
      action: Action
      /** From Retry-After, when the provider sent one. */
      retryAfterMs?: number
    }
