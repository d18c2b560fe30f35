import type { ProviderCore, ProviderName, SimRequest } from '../../kernel/exchange.ts'

/** What a fault can match on, known before the provider core runs. */
export interface ExchangeSubject {
  readonly provider: ProviderName
  readonly flavour: string | undefined
  readonly route: string
  readonly headers: Readonly<Record<string, string | undefined>>
  readonly connectionOrdinal: number
  /** Read when first asked: for FCM it means reading the JSON body, which most plans never need. */
  readonly target: string | undefined
  /** A credential route (FCM's OAuth `/token`): only faults whose match names its route reach it. */
  readonly credentials?: boolean
}

/**
 * The subject of one exchange: provider, route, headers and connection from
 * the request; flavour and target as the core that owns the route names
 * them (`ProviderCore.subjectOf`), its target read only when a fault asks.
 */
export function exchangeSubject(core: ProviderCore, request: SimRequest): ExchangeSubject {
  const named = core.subjectOf(request)
  return {
    provider: core.name,
    flavour: named.flavour,
    route: request.path,
    headers: request.headers,
    connectionOrdinal: request.connection.id,
    credentials: named.credentials === true,
    get target() {
      return named.target
    },
  }
}
