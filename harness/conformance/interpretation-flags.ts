/**
 * `--interpretation name=value` (repeatable) into the run's readings: the
 * law's default for every name not given. An unknown name or value is an
 * error value naming the choices, with a did-you-mean.
 */
import { nearest } from '../../scenarios/decode/read.ts'
import { DEFAULT_INTERPRETATIONS, INTERPRETATION_NAMES, INTERPRETATIONS, type InterpretationName, type Interpretations } from '../oracle/interpretations.ts'

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string }

export function parseInterpretations(flags: readonly string[]): Parsed<Interpretations> {
  const readings: Record<string, string> = { ...DEFAULT_INTERPRETATIONS }
  for (const flag of flags) {
    const at = flag.indexOf('=')
    if (at <= 0) return { ok: false, error: `--interpretation takes name=value, got ${JSON.stringify(flag)} (names: ${INTERPRETATION_NAMES.join(', ')})` }
    const name = flag.slice(0, at).trim()
    const value = flag.slice(at + 1).trim()
    if (!(INTERPRETATION_NAMES as string[]).includes(name)) {
      const near = nearest(name, INTERPRETATION_NAMES)
      return { ok: false, error: `--interpretation: no interpretation named ${JSON.stringify(name)}${near ? ` (did you mean ${near}?)` : ''}; names: ${INTERPRETATION_NAMES.join(', ')}` }
    }
    const values = INTERPRETATIONS[name as InterpretationName].values.map((choice) => choice.value)
    if (!(values as string[]).includes(value)) {
      const near = nearest(value, values)
      return { ok: false, error: `--interpretation ${name}: no value ${JSON.stringify(value)}${near ? ` (did you mean ${near}?)` : ''}; values: ${values.join(', ')}` }
    }
    readings[name] = value
  }
  return { ok: true, value: readings as Interpretations }
}
