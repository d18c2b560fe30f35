/**
 * The fault shorthand's grammar for `pushsim faults --help` and
 * `pushsim serve --help`, built from the fault-type registry so that a new
 * type or key shows up here without anyone editing help text. The README's
 * reference table says the same in prose (test/readme-examples.test.ts keeps
 * it complete).
 */
import { KEY_RULES } from '../../simulators/faults/plan/shorthand-parts.ts'
import { FAULT_TYPE_REGISTRY } from '../../simulators/faults/types/index.ts'

const MATCH_KEYS = ['flavour', 'route', 'target']

export function shorthandReference(): string {
  const types = FAULT_TYPE_REGISTRY.map((definition) => [definition.name, definition.shorthand.example, definition.summary] as const)
  const width = Math.max(...types.map(([, example]) => example.length))
  const scheduleKeys = Object.entries(KEY_RULES).filter(([, rule]) => rule.schedule).map(([key]) => key)
  const typeKeys = new Map<string, string[]>()
  for (const definition of FAULT_TYPE_REGISTRY) for (const key of Object.keys(definition.shorthand.keys ?? {})) typeKeys.set(key, [...(typeKeys.get(key) ?? []), definition.name])
  return [
    'The shorthand: <provider|*>:<type>[=<value>][:<key>=<value>]…  (provider: apns, fcm, webpush, or * for all)',
    '',
    'Types, each with an example:',
    ...types.flatMap(([, example, summary]) => hang(`  ${example.padEnd(width)}  `, summary)),
    '',
    'Keys:',
    '  p=<0..1>                 probability; id=<id> names the fault (faults remove <id>)',
    `  ${MATCH_KEYS.map((key) => `${key}=`).join(' ')}  match exactly, a set a,b, or /regex/`,
    `  one schedule of          ${scheduleKeys.map((key) => `${key}=`).join(' ')}`,
    '                           (every=N, after=N, first=K attempts per target, window=FROM-[TO], burst=ON/OFF)',
    ...[...typeKeys].map(([key, owners]) => `  ${`${key}=`.padEnd(24)} ${owners.join(', ')}`),
    '',
    "Durations take ms, s, m or h (a bare number is ms). A ':' starts a new part only before '<key>=',",
    'so values such as autopush:106 stay whole. Error names: pushsim errors.',
  ].join('\n')
}

/** Help is wrapped at 110 columns: wrap the summary under its own column instead of yargs' hard wrap. */
const LINE = 100

function hang(lead: string, text: string): string[] {
  const lines: string[] = []
  let line = lead
  for (const word of text.split(' ')) {
    if (line.length + word.length + 1 > LINE && line.trim() !== '') {
      lines.push(line.trimEnd())
      line = ' '.repeat(lead.length)
    }
    line += `${word} `
  }
  lines.push(line.trimEnd())
  return lines
}
