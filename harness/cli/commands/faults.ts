import type { Argv } from 'yargs'
import { parseShorthand } from '../../../simulators/faults/plan/shorthand.ts'
import { CATALOGUE, findEntry } from '../../../simulators/catalogue/index.ts'
import { nearest } from '../../../scenarios/decode/read.ts'
import { callAdmin } from '../admin-client.ts'
import { usageError } from '../exit-codes.ts'
import type { CliIo } from '../io.ts'
import { adminOf, printJsonOr, withAdmin } from './admin-option.ts'

type Action = 'list' | 'add' | 'remove' | 'clear'

const CATALOGUE_NAMES = CATALOGUE.flatMap((entry) => [entry.name, ...entry.aliases])

/** `pushsim faults list|add|remove|clear`: live fault control through the admin API. */
export function faultsCommand(io: CliIo) {
  return {
    command: 'faults <action> [args..]',
    describe: "Inject faults into running simulators: list, add '<shorthand>' or --json-fault '<json>', remove <id…>, clear",
    builder: (yargs: Argv) =>
      withAdmin(yargs, io)
        .positional('action', { choices: ['list', 'add', 'remove', 'clear'] as const, demandOption: true })
        .positional('args', { type: 'string', array: true, describe: "add: shorthand faults such as 'apns:error=Unregistered:p=0.05'; remove: a fault id" })
        .option('json-fault', { type: 'string', describe: 'add: a fault or plan as JSON' }),
    handler: async (argv: { action: Action; args?: string[]; admin: string; 'admin-token'?: string; json: boolean; 'json-fault'?: string }) => {
      const args = argv.args ?? []
      // Without an id, DELETE /faults/ would reach DELETE /faults: removing nothing must not clear everything.
      if (argv.action === 'remove' && args.length === 0) throw usageError('faults remove needs the id of a fault (pushsim faults list shows them); pushsim faults clear removes them all', "Run 'pushsim faults --help'.")
      const admin = adminOf(argv, io)
      const result =
        argv.action === 'list'
          ? await callAdmin(admin, 'GET', '/faults')
          : argv.action === 'clear'
            ? await callAdmin(admin, 'DELETE', '/faults')
            : argv.action === 'remove'
              ? await removeEach(admin, args)
              : await callAdmin(admin, 'POST', '/faults', addBody(args, argv['json-fault']))
      printJsonOr(io, argv.json, result, () => JSON.stringify(result, null, 2) + '\n')
    },
  }
}

/** Removes each fault named, in order; the first unknown id stops with the admin API's answer. */
async function removeEach(admin: Parameters<typeof callAdmin>[0], ids: string[]): Promise<unknown> {
  for (const id of ids) await callAdmin(admin, 'DELETE', `/faults/${encodeURIComponent(id)}`)
  return { removed: ids }
}

function addBody(shorthands: string[], json: string | undefined): unknown {
  if (json !== undefined) {
    try {
      return JSON.parse(json)
    } catch (error) {
      throw usageError(`--json-fault is not JSON: ${(error as Error).message}`)
    }
  }
  if (shorthands.length === 0) throw usageError("faults add needs a shorthand fault (e.g. 'apns:error=Unregistered') or --json-fault")
  return shorthands.map((text, index) => {
    const parsed = parseShorthand(text)
    if (!parsed.ok) throw usageError(`Failed to read fault ${index + 1}: ${parsed.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`)
    // An error code the catalogue does not know is a typo more often than not: say which one was meant, here, with exit 2.
    const fault = parsed.fault as { type?: unknown; attributes?: { code?: unknown } }
    const code = fault.attributes?.code
    if (fault.type === 'error' && typeof code === 'string' && findEntry(code) === undefined) {
      const guess = nearest(code, CATALOGUE_NAMES)
      throw usageError(`Failed to read fault ${index + 1}: unknown error ${JSON.stringify(code)}${guess ? ` (did you mean ${guess}?)` : ''}`, "'pushsim errors' lists every error name (--provider apns|fcm|webpush).")
    }
    return parsed.fault
  })
}
