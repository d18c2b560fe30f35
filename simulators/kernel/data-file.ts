/**
 * Reads a data file the way every pushsim input is read (fault plans,
 * scenarios): a `.ts`/`.js` module's default export (or a function, possibly
 * async, returning it), or a `.json` or `.yaml`/`.yml` file. Never throws:
 * a missing, unparsable or unknown file is one message.
 */
import { readFile } from 'node:fs/promises'
import { extname, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseDocument } from 'yaml'

export type Loaded = { ok: true; value: unknown } | { ok: false; message: string }

const MODULE_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs']

/** @param expected what to name when the extension is none of these (`a .json, .yaml, .yml or .ts plan`) */
export async function readDataFile(path: string, expected: string): Promise<Loaded> {
  const extension = extname(path).toLowerCase()
  if (MODULE_EXTENSIONS.includes(extension)) return importModule(path)
  if (extension !== '.json' && extension !== '.yaml' && extension !== '.yml') return { ok: false, message: `Failed to load ${path}: expected ${expected}` }
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    return { ok: false, message: `Failed to read ${path}: ${(error as Error).message}` }
  }
  return extension === '.json' ? parseJson(path, text) : parseYaml(path, text)
}

function parseJson(path: string, text: string): Loaded {
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch (error) {
    return { ok: false, message: `Failed to parse ${path}: ${(error as Error).message}` }
  }
}

function parseYaml(path: string, text: string): Loaded {
  const document = parseDocument(text)
  const [first] = document.errors
  if (first !== undefined) return { ok: false, message: `Failed to parse ${path}: ${first.message}` }
  try {
    return { ok: true, value: document.toJS() }
  } catch (error) {
    // toJS refuses alias bombs ("Excessive alias count").
    return { ok: false, message: `Failed to parse ${path}: ${(error as Error).message}` }
  }
}

// Node caches modules by URL, so a changed .ts file is only re-read by a new process.
async function importModule(path: string): Promise<Loaded> {
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
