import type { Argv } from 'yargs'
import { callAdmin } from '../admin-client.ts'
import type { CliIo } from '../io.ts'
import { numberOption } from '../number-option.ts'
import { adminOf, withAdmin } from './admin-option.ts'

interface Page {
  total: number
  entries: {
    seq: number
    provider: string
    flavour: string | null
    request: { method: string; path: string }
    response: { status: number }
    reason: string | null
    plaintext?: string | null
    wire: { outcome: string; afterMs: number; by?: string }
  }[]
}

const FILTERS = ['provider', 'flavour', 'target', 'reason', 'delivery', 'outcome', 'status', 'method', 'path-prefix', 'limit', 'offset'] as const
const OUTCOMES = ['answered', 'cut', 'refused', 'dropped', 'reset', 'rst-stream', 'abandoned', 'unanswered', 'hung'] as const
const DELIVERIES = ['respond', 'hang', 'reset', 'rst-stream', 'refuse', 'goaway', 'none'] as const

export function ledgerCommand(io: CliIo) {
  return {
    command: 'ledger',
    describe: 'Show the exchanges the running simulators recorded',
    builder: (yargs: Argv) =>
      withAdmin(yargs, io)
        .option('provider', { choices: ['apns', 'fcm', 'webpush'] as const })
        .option('flavour', { type: 'string' })
        .option('target', { type: 'string' })
        .option('reason', { type: 'string' })
        .option('delivery', { choices: DELIVERIES, describe: 'What was decided' })
        .option('outcome', { choices: OUTCOMES, describe: 'What reached the client' })
        .option('status', { type: 'string', coerce: numberOption('status', { integer: true, min: 100, max: 599 }) })
        .option('method', { type: 'string' })
        .option('path-prefix', { type: 'string' })
        .option('limit', { type: 'string', default: '20', coerce: numberOption('limit', { integer: true, min: 1 }) })
        .option('offset', { type: 'string', coerce: numberOption('offset', { integer: true, min: 0 }) }),
    handler: async (argv: Record<string, unknown>) => {
      const params = new URLSearchParams()
      for (const flag of FILTERS) {
        if (argv[flag] !== undefined) params.set(flag === 'path-prefix' ? 'pathPrefix' : flag, String(argv[flag]))
      }
      const page = (await callAdmin(adminOf(argv, io), 'GET', `/ledger?${params}`)) as Page
      if (argv.json) return io.out(JSON.stringify(page) + '\n')
      const lines = page.entries.map((e) => {
        const extra = e.reason ?? (e.plaintext !== undefined ? JSON.stringify(e.plaintext) : '')
        // What reached the client: the status, or the outcome when it was not a plain answer, and when.
        const got = e.wire.outcome === 'answered' ? String(e.response.status) : `${e.wire.outcome}${e.wire.by ? ` (${e.wire.by})` : ''}${e.response.status ? ` ${e.response.status}` : ''}`
        return `${String(e.seq).padStart(6)}  ${e.provider.padEnd(7)} ${(e.flavour ?? '').padEnd(10)} ${e.request.method} ${e.request.path}  → ${got} after ${e.wire.afterMs} ms ${extra}`
      })
      io.out(`${lines.join('\n')}${lines.length ? '\n' : ''}${page.total} matching\n`)
    },
  }
}
