/**
 * Issue 14 §2: every command's --help explains each option and shows how it
 * is used. The commands are read from the top-level help, so a command added
 * later is held to the same rule without touching this test.
 */
import { describe, expect, it } from 'vitest'
import { runCli } from './support/cli.ts'

/** The lines of one help section (`Options:`), up to the next blank line. */
function section(help: string, title: string): string[] {
  const lines = help.split('\n')
  const start = lines.indexOf(`${title}:`)
  if (start < 0) return []
  const end = lines.findIndex((line, index) => index > start && line.trim() === '')
  return lines.slice(start + 1, end < 0 ? undefined : end)
}

/**
 * The entries of a Positionals/Options section that have no description:
 * an entry starts with its name (`provider`, `--host`, `-f, --follow`);
 * after it comes either the description or, when there is none, straight
 * away its `[type]` column. Wrapped lines start with neither.
 */
function undescribed(help: string): string[] {
  const entry = (title: string) => (title === 'Options' ? /^\s+((?:-\w, )?--[\w-]+)(?: {2,}(.*))?$/ : /^ {2}([\w-]+)(?: {2,}(.*))?$/)
  return ['Positionals', 'Options']
    .flatMap((title) => section(help, title).map((line) => entry(title).exec(line)))
    .filter((match) => match !== null && (match[2] === undefined || match[2].startsWith('[')))
    .map((match) => match![1]!)
}

const examplesOf = (help: string): string[] => section(help, 'Examples').filter((line) => line.includes('pushsim '))

describe('pushsim <command> --help', async () => {
  const top = await runCli(['--help'])
  const commands = section(top.out, 'Commands').flatMap((line) => /^ {2}pushsim ([a-z-]+)/.exec(line)?.[1] ?? [])

  it('lists the commands', () => {
    expect(top.code).toBe(0)
    expect(commands).toEqual(expect.arrayContaining(['serve', 'ledger', 'faults', 'tokens', 'run']))
  })

  it.each(commands)('%s: every positional and option has a description, and there is an example', async (command) => {
    const help = await runCli([command, '--help'])
    expect(help.code).toBe(0)
    expect(undescribed(help.out), help.out).toEqual([])
    expect(examplesOf(help.out).length, help.out).toBeGreaterThanOrEqual(1)
  })

  it('the reader itself catches an option without a description', () => {
    const help = [
      'Positionals:',
      '  provider                 [required] [choices: "apns", "fcm"]',
      '  token    the token       [string]',
      '',
      'Options:',
      '      --help       Show help   [boolean]',
      '      --host                   [string] [default: "127.0.0.1"]',
      '      --outcome    What reached the client',
      '  [choices: "answered", "cut"]',
      '  -f, --follow                 [boolean]',
      '      --port       HTTP port',
      '                   wrapped     [string]',
    ].join('\n')
    expect(undescribed(help)).toEqual(['provider', '--host', '-f, --follow'])
  })
})
