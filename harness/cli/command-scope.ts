import type { Argv } from 'yargs'

/** What a usage error was typed in: the command (none at the top level) and the words it knows. */
export interface CommandScope {
  /** The command's name ('faults'); undefined at the top level. */
  command: string | undefined
  /** Its usage line ('faults <action> [args..]'), for the order of its positionals. */
  usage: string | undefined
  /** At the top level, the commands; in a command, none. */
  commands: readonly string[]
  /** Flags and positionals the command declares (and --help, --version). */
  options: readonly string[]
  /** The values each flag or positional with choices takes. */
  choices: Readonly<Record<string, readonly string[]>>
}

/** The parts of yargs' instance that say where parsing is; yargs' typings do not declare them. */
interface YargsInternals {
  getInternalMethods(): {
    getContext(): { commands: string[]; fullCommands: string[] }
    getCommandInstance(): { getCommands(): string[] }
  }
  getOptions(): { key: Record<string, unknown>; choices: Record<string, string[]> }
}

/**
 * The scope yargs is parsing in right now. yargs reuses one instance for
 * every command, so during a command's validation, middleware or handler its
 * options are the command's own.
 */
export function scopeOf(parser: Argv): CommandScope {
  const internals = parser as unknown as YargsInternals
  const context = internals.getInternalMethods().getContext()
  const options = internals.getOptions()
  return {
    command: context.commands.at(-1),
    usage: context.fullCommands.at(-1),
    commands: context.commands.length === 0 ? internals.getInternalMethods().getCommandInstance().getCommands() : [],
    options: Object.keys(options.key),
    choices: options.choices,
  }
}
