import type { CommandScope } from './command-scope.ts'
import { didYouMean } from './did-you-mean.ts'

/**
 * The help that fits what was typed: the command, and the words of its
 * leading positionals that take fixed choices (`faults add`, `tokens apns
 * unregister`), since those select what the rest of the line means.
 */
export function helpCommand(scope: CommandScope | undefined, args: readonly string[]): string {
  if (scope?.command === undefined) return 'pushsim --help'
  const words = args.filter((arg) => !arg.startsWith('-'))
  const typed = words.slice(words.indexOf(scope.command) + 1)
  const path = [scope.command]
  for (const [index, name] of positionalsOf(scope.usage).entries()) {
    const word = typed[index]
    if (word === undefined || !scope.choices[name]?.includes(word)) break
    path.push(word)
  }
  return `pushsim ${path.join(' ')} --help`
}

const positionalsOf = (usage: string | undefined): string[] => [...(usage ?? '').matchAll(/[<[]([^\]>.]+)(?:\.\.)?[\]>]/g)].map((match) => match[1]!)

/**
 * yargs' own usage message with the nearest known word for each unknown one:
 * a command at the top level, a flag in a command, a value of a flag or
 * positional with choices. Read from yargs' English messages (main pins the
 * locale).
 */
export function withDidYouMean(message: string, scope: CommandScope, args: readonly string[]): string {
  const unknown = /^Unknown arguments?: (.+)$/.exec(message)
  if (unknown !== null) {
    const names = unknown[1]!.split(', ')
    // yargs names an unknown --json-fualt twice, also as jsonFualt.
    const spelled = names.filter((name) => !/[A-Z]/.test(name) || !names.includes(kebab(name)))
    // At the top level, a mistyped command is the problem; its flags are the command's, not unknown.
    const words = scope.command === undefined ? spelled.filter((name) => !isFlag(name, args)) : []
    const typed = words.length > 0 ? words : spelled
    return `Unknown argument${typed.length === 1 ? '' : 's'}: ${typed.map((name) => suggestFor(name, scope, args)).join(', ')}`
  }
  if (message.startsWith('Invalid values:')) {
    return message.replace(/^ {2}Argument: ([^,]+), Given: "([^"\\]*)", Choices: .*$/gm, (line, name: string, given: string) => `${line}${didYouMean(given, scope.choices[name] ?? [])}`)
  }
  return message
}

/** How a name yargs calls unknown was typed: `--name`, `-n`, or as a word (undefined). */
const dashesOf = (name: string, args: readonly string[]): string | undefined =>
  args.some((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`)) ? '--' : args.includes(`-${name}`) ? '-' : undefined

const isFlag = (name: string, args: readonly string[]): boolean => dashesOf(name, args) !== undefined

function suggestFor(name: string, scope: CommandScope, args: readonly string[]): string {
  const dashes = dashesOf(name, args)
  if (dashes !== undefined) {
    const flags = scope.options.filter((option) => !positionalsOf(scope.usage).includes(option) && !/[A-Z]/.test(option))
    return `${dashes}${name}${didYouMean(name, flags, (flag) => (flag.length === 1 ? `-${flag}` : `--${flag}`))}`
  }
  return `${name}${didYouMean(name, scope.commands)}`
}

const kebab = (name: string): string => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)
