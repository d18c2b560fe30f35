import type { ProviderName } from '../kernel/exchange.ts'

/** The five classes of push-semantics.md §4. */
export type ErrorClass = 'transient' | 'credentials' | 'configuration' | 'bad-message' | 'dead-address'

/** What a correct sender does on this answer (push-semantics.md §4). */
export type SenderAction = 'retry' | 'refresh-credential-and-retry' | 'fail' | 'bounce'

/** Where the simulator answers: a provider, or a Web Push flavour. */
export type WireTarget = 'apns' | 'fcm' | 'chrome' | 'firefox' | 'kaios' | 'safari'

/**
 * How to reproduce an entry on the wire. Data, rendered per exchange
 * (apns-id, timestamps and Retry-After are filled in then).
 */
export type WireSpec =
  | { kind: 'respond'; status: number; headers?: Readonly<Record<string, string>>; body?: string | Readonly<Record<string, unknown>>; retryAfterSeconds?: number; timestamp?: boolean }
  /** HTTP/2 GOAWAY with the JSON reason as debug data, then close (APNs). */
  | { kind: 'goaway'; code: number; debug?: string }
  | { kind: 'reset' }
  | { kind: 'hang' }

export interface CatalogueEntry {
  /** The name a fault uses: a dashboard code (`apns_token_format`) or provider reason (`BadDeviceToken`, `UNREGISTERED`, `autopush:106`). */
  name: string
  aliases: readonly string[]
  kind: 'dashboard' | 'provider' | 'non-provider'
  /** null for non-provider failures (missing template variable, frequency exceeded, …), which never reach a wire. */
  provider: ProviderName | null
  /**
   * The dashboard code of push-semantics §3 a dispatcher reports this answer
   * under (a dashboard entry's name): a dashboard or non-provider entry's own
   * name, the code a provider answer falls in for a provider entry. The
   * reference dispatcher's classifier agrees (test/classifier-vs-catalogue.test.ts).
   */
  dashboard: string
  label: string
  class: ErrorClass
  action: SenderAction
  retry: boolean
  /** One wire form per place it can be answered (an entry like `bad_params` differs between Safari and autopush). */
  wire: Partial<Readonly<Record<WireTarget, WireSpec>>>
  basis: 'doc' | 'src' | 'obs' | 'interp'
  note?: string
}
