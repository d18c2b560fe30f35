import type { Argv } from 'yargs'
import { callAdmin } from '../admin-client.ts'
import { usageError } from '../exit-codes.ts'
import { faultLine, type ListedFault } from '../fault-line.ts'
import { faultProblems, readShorthands } from '../fault-problems.ts'
import type { CliIo } from '../io.ts'
import { shorthandReference } from '../shorthand-reference.ts'
import { adminOf, printJsonOr, withAdmin } from './admin-option.ts'

type Action = 'list' | 'add' | 'remove' | 'clear'

/** `pushsim faults list|add|remove|clear`: live fault control through the admin API. */
export function faultsCommand(io: CliIo) {
  return {
    command: 'faults <action> [args..]',
    describe: "Inject faults into running simulators: list, add '<shorthand>' or --json-fault '<json>', remove <id…>, clear",
    builder: (yargs: Argv) =>
      withAdmin(yargs, io)
        .positional('action', { choices: ['list', 'add', 'remove', 'clear'] as const, demandOption: true, describe: 'list the active faults, add some, remove some by id, or clear them all' })
        .positional('args', { type: 'string', array: true, describe: "add: shorthand faults such as 'apns:error=Unregistered:p=0.05'; remove: fault ids" })
        .option('json-fault', { type: 'string', describe: 'add: a fault or plan as JSON' })
        .example("$0 faults add 'apns:error=Unregistered:p=0.05'", '5 % of APNs pushes get 410 Unregistered')
        .example("$0 faults add 'fcm:error=UNAVAILABLE:first=2' && $0 faults list", 'two 503s per token, then success; then show the faults')
        .epilogue(shorthandReference()),
    handler: async (argv: { action: Action; args?: string[]; admin: string; 'admin-token'?: string; json: boolean; 'json-fault'?: string }) => {
      const args = argv.args ?? []
      // Without an id, DELETE /faults/ would reach DELETE /faults: removing nothing must not clear everything.
      if (argv.action === 'remove' && args.length === 0) throw usageError('faults remove needs the id of a fault (pushsim faults list shows them); pushsim faults clear removes them all')
      const admin = adminOf(argv, io)
      if (argv.action === 'list') {
        const listed = (await callAdmin(admin, 'GET', '/faults')) as { faults: ListedFault[] }
        return printJsonOr(io, argv.json, listed, () => linesOf(listed.faults, '', true))
      }
      if (argv.action === 'add') {
        const added = (await callAdmin(admin, 'POST', '/faults', addBody(args, argv['json-fault']))) as ListedFault | ListedFault[]
        return printJsonOr(io, argv.json, added, () => linesOf([added].flat(), 'added ', false))
      }
      if (argv.action === 'clear') {
        const cleared = await callAdmin(admin, 'DELETE', '/faults')
        return printJsonOr(io, argv.json, cleared, () => 'removed every fault\n')
      }
      // Each in order; the first unknown id stops with the admin API's answer.
      for (const id of args) await callAdmin(admin, 'DELETE', `/faults/${encodeURIComponent(id)}`)
      printJsonOr(io, argv.json, { removed: args }, () => `removed ${args.join(', ')}\n`)
    },
  }
}

function linesOf(faults: readonly ListedFault[], prefix: string, count: boolean): string {
  if (faults.length === 0) return 'no faults\n'
  const lines = faults.map((fault) => `${prefix}${faultLine(fault)}`)
  if (count) lines.push(`${faults.length} fault${faults.length === 1 ? '' : 's'}`)
  return `${lines.join('\n')}\n`
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
  const read = readShorthands(shorthands)
  if (read.problems.length > 0) throw faultProblems(read.problems)
  return read.faults
}
