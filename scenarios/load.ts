/**
 * Loads a scenario: a `.scenario.ts`/`.ts`/`.js` module (its default export,
 * or a function returning one), a `.json` or a `.yaml`/`.yml` file, or an
 * object already in memory; then decodes it (decode → defaults → validate
 * → frozen plan). A file that is missing or unparsable is one problem with
 * path ''.
 *
 * @example
 * const result = await loadScenario('scenarios/library/quickstart.scenario.ts', { seed: '7' })
 * if (!result.ok) for (const p of result.problems) console.error(`${p.path}: ${p.message}`)
 */
import { readDataFile, type Loaded } from '../simulators/kernel/data-file.ts'
import { compiledTwinOf } from './compiled-twin.ts'
import { decodeScenario, type DecodeOptions } from './decode/scenario.ts'
import type { ScenarioResult } from './plan-types.ts'

export async function loadScenario(source: string | object, options: DecodeOptions = {}): Promise<ScenarioResult> {
  if (typeof source !== 'string') return decodeScenario(source, options)
  const loaded = await readScenarioFile(source)
  return loaded.ok ? decodeScenario(loaded.value, options) : { ok: false, problems: [{ path: '', message: loaded.message }] }
}

/** The raw scenario object of a file, before decoding (the JSON Schema test reads examples with it). An installed package's own `.scenario.ts` loads from its compiled twin. */
export const readScenarioFile = (path: string): Promise<Loaded> => readDataFile(compiledTwinOf(path), 'a .scenario.ts, .json, .yaml or .yml file')
