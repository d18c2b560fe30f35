import type { Argv } from 'yargs'
import type { ProviderName } from '../../../simulators/kernel/exchange.ts'
import {
  CATALOGUE,
  catalogueJson,
  providersOf,
  WIRE_TARGETS,
  type CatalogueEntry,
  type WireSpec,
} from '../../../simulators/catalogue/index.ts'
import type { CliIo } from '../io.ts'
import { renderTable } from '../table.ts'

type Kind = CatalogueEntry['kind']

interface ErrorsArgs {
  json: boolean
  provider?: ProviderName
  kind?: Kind
}

export function errorsCommand(io: CliIo) {
  return {
    command: 'errors',
    describe: 'List the error catalogue: every error a fault can name, how a sender must treat it, and its answer per target',
    builder: (yargs: Argv) =>
      yargs
        .option('json', { type: 'boolean', default: false, describe: 'Machine-readable output' })
        .option('provider', { choices: ['apns', 'fcm', 'webpush'] as const, describe: 'Only errors this simulator can answer' })
        .option('kind', { choices: ['dashboard', 'provider', 'non-provider'] as const, describe: 'Only dashboard codes, provider answers or failures that never reach a provider' })
        .example('$0 errors --provider apns', 'what APNs can answer, and how a sender must treat each')
        .example("$0 faults add 'apns:error=BadDeviceToken:first=1'", 'inject one of them'),
    handler: (argv: ErrorsArgs) => {
      const entries = selectEntries(argv)
      io.out(argv.json ? `${catalogueJson(entries)}\n` : errorTable(entries))
    },
  }
}

export function selectEntries({ provider, kind }: Omit<ErrorsArgs, 'json'>): CatalogueEntry[] {
  return CATALOGUE.filter((entry) => (kind === undefined || entry.kind === kind) && (provider === undefined || providersOf(entry).includes(provider)))
}

const HEADER = ['NAME', 'PROVIDER', 'CLASS', 'ACTION', 'RETRY', ...WIRE_TARGETS.map((target) => target.toUpperCase()), 'BASIS']

/** One row per entry, columns padded to their widest cell; a status per target, `-` where the entry has no form. */
export function errorTable(entries: readonly CatalogueEntry[]): string {
  const rows = entries.map((entry) => [
    entry.name,
    providersOf(entry).join(',') || '-',
    entry.class,
    entry.action,
    entry.retry ? 'yes' : 'no',
    ...WIRE_TARGETS.map((target) => cell(entry.wire[target])),
    entry.basis,
  ])
  const lines = renderTable(HEADER, rows)
  return `${lines.join('\n')}\n${entries.length} errors\n`
}

const cell = (spec: WireSpec | undefined): string => (spec === undefined ? '-' : spec.kind === 'respond' ? String(spec.status) : spec.kind)
