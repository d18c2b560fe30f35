/** A filter over ledger records; every given field must match. */
export interface LedgerQuery {
  provider?: string
  flavour?: string
  target?: string
  reason?: string
  /** What was decided: respond, hang, reset, rst-stream, refuse, goaway, or none (never reached the provider). */
  delivery?: string
  /** What reached the client: answered, cut, refused, dropped, reset, rst-stream, abandoned, unanswered, hung. */
  outcome?: string
  /** Only exchanges a fault touched (`true`), or the one with this fault id. */
  fault?: string
  status?: number
  method?: string
  /** Matches when the request path starts with this. */
  pathPrefix?: string
  connectionId?: number
  /** Only records with seq greater than this. */
  afterSeq?: number
  limit?: number
  offset?: number
}

export const QUERY_LIMIT_DEFAULT = 100
export const QUERY_LIMIT_MAX = 10_000

const STRING_FIELDS = ['provider', 'flavour', 'target', 'reason', 'delivery', 'outcome', 'fault', 'method', 'pathPrefix'] as const
const NUMBER_FIELDS = ['status', 'connectionId', 'afterSeq', 'limit', 'offset'] as const

/** Parses URL search params into a query; returns every problem at once. */
export function parseQuery(params: URLSearchParams): { query: LedgerQuery; problems: string[] } {
  const query: LedgerQuery = {}
  const problems: string[] = []
  for (const field of STRING_FIELDS) {
    const value = params.get(field)
    if (value !== null) query[field] = value
  }
  for (const field of NUMBER_FIELDS) {
    const value = params.get(field)
    if (value === null) continue
    const number = Number(value)
    if (!Number.isInteger(number) || number < 0) problems.push(`${field}: expected a non-negative integer, got '${value}'`)
    else query[field] = number
  }
  if (query.limit !== undefined && query.limit > QUERY_LIMIT_MAX) problems.push(`limit: at most ${QUERY_LIMIT_MAX}`)
  for (const key of params.keys()) {
    if (!(STRING_FIELDS as readonly string[]).includes(key) && !(NUMBER_FIELDS as readonly string[]).includes(key)) {
      problems.push(`${key}: unknown filter (known: ${[...STRING_FIELDS, ...NUMBER_FIELDS].join(', ')})`)
    }
  }
  return { query, problems }
}
