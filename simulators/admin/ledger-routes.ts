import { simError, type Result } from '../kernel/errors.ts'
import { parseQuery, type LedgerQuery } from '../ledger/query.ts'
import type { AdminLedger } from './dependencies.ts'
import { failed, ok, type Route, type RouteContext } from './router.ts'

function queryOf(context: RouteContext): Result<LedgerQuery> {
  const { query, problems } = parseQuery(context.query)
  if (problems.length === 0) return { ok: true, value: query }
  return { ok: false, error: simError('INVALID_ARGUMENT', `Failed to read the ledger filter: ${problems.join('; ')}.`) }
}

export function ledgerRoutes(ledger: AdminLedger): Route[] {
  return [
    {
      method: 'GET',
      path: '/ledger',
      describe: 'List exchanges, oldest first. Filters: provider, flavour, target, reason, status, method, pathPrefix, connectionId, afterSeq, limit (≤ 10000, default 100), offset.',
      accepts: { query: true },
      handle: (context) => {
        const parsed = queryOf(context)
        if (!parsed.ok) return failed(parsed.error)
        return ok({ recorded: ledger.recorded, ...ledger.query(parsed.value) })
      },
    },
    {
      method: 'GET',
      path: '/ledger/count',
      describe: 'Count exchanges matching the same filters.',
      accepts: { query: true },
      handle: (context) => {
        const parsed = queryOf(context)
        if (!parsed.ok) return failed(parsed.error)
        return ok({ count: ledger.count(parsed.value) })
      },
    },
    {
      method: 'GET',
      path: '/ledger/:seq',
      describe: 'One exchange by sequence number.',
      handle: ({ params }) => {
        const entry = ledger.get(Number(params.seq))
        return entry ? ok(entry) : failed(simError('NOT_FOUND', `Failed to find exchange ${params.seq}: not in the in-memory ledger.`))
      },
    },
    {
      method: 'DELETE',
      path: '/ledger',
      describe: 'Forget the in-memory exchanges (the NDJSON file keeps them).',
      handle: async () => {
        await ledger.flush()
        ledger.reset()
        return ok({ reset: true })
      },
    },
  ]
}
