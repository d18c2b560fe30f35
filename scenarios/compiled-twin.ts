/**
 * Where an installed pushsim keeps the compiled form of its own scenario
 * sources: `<package>/scenarios/library/x.scenario.ts` ships as a readable
 * example, but Node refuses to strip types under node_modules
 * (ERR_UNSUPPORTED_NODE_MODULES_TYPE_STRIPPING), so the loader imports
 * `<package>/dist/scenarios/library/x.scenario.js` instead. From sources
 * (tsx, this repository) there is no twin: every path loads as it is.
 */
import { existsSync, realpathSync } from 'node:fs'
import { dirname, isAbsolute, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

// This module is itself compiled into <package>/dist/scenarios/ when the package is built.
const COMPILED = import.meta.url.endsWith('.js')
const DIST = fileURLToPath(new URL('..', import.meta.url))
const PACKAGE_ROOT = dirname(DIST)

/** The compiled module to import for `path`, or `path` itself when it is not one of the package's own TypeScript sources. */
export function compiledTwinOf(path: string): string {
  if (!COMPILED || !/\.m?ts$/.test(path) || !existsSync(path)) return path
  const inside = relative(PACKAGE_ROOT, realpathSync(resolve(path)))
  if (inside.startsWith('..') || isAbsolute(inside) || inside.startsWith(`dist`)) return path
  const twin = join(DIST, inside.replace(/\.ts$/, '.js').replace(/\.mts$/, '.mjs'))
  return existsSync(twin) ? twin : path
}
