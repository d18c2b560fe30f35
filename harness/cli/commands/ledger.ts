import type { Argv } from 'yargs'
import { callAdmin, type AdminTarget } from '../admin-client.ts'
import type { CliIo } from '../io.ts'
import { numberOption } from '../number-option.ts'
import { adminOf, withAdmin } from './admin-option.ts'

interface Entry {
  seq: number
  provider: string
  flavour: string | null
  request: { method: string; path: string }
  response: { status: number }
  reason: string | null
  plaintext?: string | null
  wire: { outcome: string; afterMs: number; by?: string }
}

interface Page {
  /** Matching exchanges still in memory. */
  total: number
  /** The seq of the last line appended: anything newer has a greater one. */
  recorded: number
  entries: Entry[]
}

const FILTERS = ['provider', 'flavour', 'target', 'reason', 'delivery', 'outcome', 'status', 'method', 'path-prefix'] as const
const OUTCOMES = ['answered', 'cut', 'refused', 'dropped', 'reset', 'rst-stream', 'abandoned', 'unanswered', 'hung'] as const
const DELIVERIES = ['respond', 'hang', 'reset', 'rst-stream', 'refuse', 'goaway', 'none'] as const
/** How often --follow asks for new exchanges: quick enough to feel live, light on the admin API. */
const FOLLOW_EVERY_MS = 250
const FOLLOW_PAGE = 1000

export function ledgerCommand(io: CliIo) {
  return {
    command: 'ledger',
    describe: 'Show the newest exchanges the running simulators recorded (--follow streams new ones)',
    builder: (yargs: Argv) =>
      withAdmin(yargs, io)
        .option('provider', { choices: ['apns', 'fcm', 'webpush'] as const, describe: 'Only this simulator' })
        .option('flavour', { type: 'string', describe: 'Only this browser (webpush), environment (apns) or project (fcm)' })
        .option('target', { type: 'string', describe: 'Only this device token, registration token or subscription id' })
        .option('reason', { type: 'string', describe: 'Only answers with this reason (Unregistered, UNAVAILABLE, …)' })
        .option('delivery', { choices: DELIVERIES, describe: 'What was decided' })
        .option('outcome', { choices: OUTCOMES, describe: 'What reached the client' })
        .option('status', { type: 'string', coerce: numberOption('status', { integer: true, min: 100, max: 599 }), describe: 'Only answers with this HTTP status' })
        .option('method', { type: 'string', describe: 'Only requests with this method (POST, GET, …)' })
        .option('path-prefix', { type: 'string', describe: 'Only requests whose path starts with this' })
        .option('limit', { type: 'string', default: '20', coerce: numberOption('limit', { integer: true, min: 1 }), describe: 'How many exchanges to show' })
        .option('offset', { type: 'string', coerce: numberOption('offset', { integer: true, min: 0 }), describe: 'Page from the oldest, skipping this many (default: the newest --limit)' })
        .option('follow', { type: 'boolean', default: false, alias: 'f', describe: 'Then print new exchanges as they are recorded, until Ctrl-C (--json: one JSON line each)' })
        .example('$0 ledger --provider apns --status 410', 'the newest APNs pushes answered 410')
        .example('$0 ledger --follow', 'watch exchanges as they happen'),
    handler: async (argv: Record<string, unknown>) => {
      const admin = adminOf(argv, io)
      const filters = new URLSearchParams()
      for (const flag of FILTERS) {
        if (argv[flag] !== undefined) filters.set(flag === 'path-prefix' ? 'pathPrefix' : flag, String(argv[flag]))
      }
      const limit = argv.limit as number
      const offset = argv.offset as number | undefined
      // The admin API pages from the oldest: the newest --limit start at (matching − limit).
      const start = offset ?? Math.max(0, ((await callAdmin(admin, 'GET', `/ledger/count?${filters}`)) as { count: number }).count - limit)
      const page = (await callAdmin(admin, 'GET', `/ledger?${withParams(filters, { limit, offset: start })}`)) as Page
      const follow = argv.follow === true
      const json = argv.json === true
      if (json && !follow) return io.out(JSON.stringify(page) + '\n')
      for (const entry of page.entries) io.out(json ? JSON.stringify(entry) + '\n' : lineOf(entry) + '\n')
      const shown = `showing ${page.entries.length} of ${page.total} matching`
      if (!follow) return io.out(`${shown}${page.entries.length === page.total ? '' : offset === undefined ? ' (the newest; --limit, --offset or --follow for more)' : ` (from the oldest, offset ${offset})`}\n`)
      if (!json) io.out(`${shown}; following new exchanges (Ctrl-C stops)\n`)
      // From the last newest one shown, so nothing recorded meanwhile is missed; after a page from the oldest, from now.
      const after = offset === undefined ? (page.entries.at(-1)?.seq ?? page.recorded) : page.recorded
      await followFrom(admin, filters, after, (entry) => io.out(json ? JSON.stringify(entry) + '\n' : lineOf(entry) + '\n'), io.untilStopped())
    },
  }
}

/** Asks for exchanges after `seq` until `stopped` resolves, printing each once, in seq order. */
async function followFrom(admin: AdminTarget, filters: URLSearchParams, seq: number, print: (entry: Entry) => void, stopped: Promise<unknown>): Promise<void> {
  let stop = false
  void stopped.then(() => (stop = true))
  let after = seq
  while (!stop) {
    const page = (await callAdmin(admin, 'GET', `/ledger?${withParams(filters, { afterSeq: after, limit: FOLLOW_PAGE })}`)) as Page
    for (const entry of page.entries) print(entry)
    after = page.entries.at(-1)?.seq ?? after
    // A full page means more are waiting: ask again at once.
    if (page.entries.length < FOLLOW_PAGE) await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, FOLLOW_EVERY_MS))])
  }
}

function withParams(filters: URLSearchParams, extra: Record<string, number>): URLSearchParams {
  const params = new URLSearchParams(filters)
  for (const [key, value] of Object.entries(extra)) params.set(key, String(value))
  return params
}

/** One exchange: seq, provider, flavour, request, and what reached the client (the status, or the outcome when it was not a plain answer) and when. */
function lineOf(e: Entry): string {
  const extra = e.reason ?? (e.plaintext !== undefined ? JSON.stringify(e.plaintext) : '')
  const got = e.wire.outcome === 'answered' ? String(e.response.status) : `${e.wire.outcome}${e.wire.by ? ` (${e.wire.by})` : ''}${e.response.status ? ` ${e.response.status}` : ''}`
  return `${String(e.seq).padStart(6)}  ${e.provider.padEnd(7)} ${(e.flavour ?? '').padEnd(10)} ${e.request.method} ${e.request.path}  → ${got} after ${e.wire.afterMs} ms ${extra}`
}
