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
import { readFile } from 'node:fs/promises'
import { extname, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseDocument } from 'yaml'
import { decodeScenario, type DecodeOptions } from './decode/scenario.ts'
import type { ScenarioResult } from './plan-types.ts'

type Loaded = { ok: true; value: unknown } | { ok: false; message: string }

const MODULE_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs']

export async function loadScenario(source: string | object, options: DecodeOptions = {}): Promise<ScenarioResult> {
  if (typeof source !== 'string') return decodeScenario(source, options)
  const loaded = await readScenarioFile(source)
  return loaded.ok ? decodeScenario(loaded.value, options) : { ok: false, problems: [{ path: '', message: loaded.message }] }
}

/** The raw scenario object of a file, before decoding (the JSON Schema test reads examples with it). */
export async function readScenarioFile(path: string): Promise<Loaded> {
  const extension = extname(path).toLowerCase()
  if (MODULE_EXTENSIONS.includes(extension)) return importScenario(path)
  if (extension !== '.json' && extension !== '.yaml' && extension !== '.yml') return { ok: false, message: `Failed to load ${path}: expected a .scenario.ts, .json, .yaml or .yml file` }
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    return { ok: false, message: `Failed to read ${path}: ${(error as Error).message}` }
  }
  if (extension === '.json') {
    try {
      return { ok: true, value: JSON.parse(text) }
    } catch (error) {
      return { ok: false, message: `Failed to parse ${path}: ${(error as Error).message}` }
    }
  }
  const document = parseDocument(text)
  const [first] = document.errors
  if (first !== undefined) return { ok: false, message: `Failed to parse ${path}: ${first.message}` }
  try {
    return { ok: true, value: document.toJS() }
  } catch (error) {
    return { ok: false, message: `Failed to parse ${path}: ${(error as Error).message}` }
  }
}

async function importScenario(path: string): Promise<Loaded> {
  let module: { default?: unknown }
  try {
    module = (await import(pathToFileURL(resolve(path)).href)) as { default?: unknown }
  } catch (error) {
    return { ok: false, message: `Failed to import ${path}: ${(error as Error).message}` }
  }
  if (module.default === undefined) return { ok: false, message: `Failed to load ${path}: it has no default export` }
  if (typeof module.default !== 'function') return { ok: true, value: module.default }
  try {
    return { ok: true, value: await (module.default as () => unknown)() }
  } catch (error) {
    return { ok: false, message: `Failed to load ${path}: its default export threw: ${(error as Error).message}` }
  }
}
