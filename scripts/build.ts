/**
 * `npm run build` (and `prepack`): compiles the shipped sources to dist/
 * (JavaScript, declarations, source maps with the TypeScript inlined) and
 * copies beside them every other file those folders hold (schemas,
 * scenario YAML, dashboard assets), because the code finds them relative
 * to its own module: dist/ mirrors the source tree file for file.
 * Run by Node's own type stripping, so building needs no loader.
 */
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const DIST = join(ROOT, 'dist')
/** Folders whose files the package ships; tsconfig.build.json compiles their TypeScript. */
const SHIPPED = ['simulators', 'harness', 'dispatcher', 'scenarios', 'reports', 'docs']
/** Tests and their fixtures stay home, whatever folder they sit in. */
const LEFT_OUT = /(^|\/)(fixtures|testing|node_modules)(\/|$)|\.test\.|(^|\/)\./

function assetsUnder(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.endsWith('.ts'))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)))
    .filter((path) => !LEFT_OUT.test(path))
}

rmSync(DIST, { recursive: true, force: true })
// The repo's own TypeScript (its package exports no bin path to resolve).
const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')
const compiled = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' })
if (compiled.status !== 0) {
  console.error(`build: tsc failed (exit ${compiled.status ?? compiled.signal})`)
  process.exit(1)
}
const assets = SHIPPED.flatMap(assetsUnder)
for (const path of assets) {
  mkdirSync(dirname(join(DIST, path)), { recursive: true })
  copyFileSync(join(ROOT, path), join(DIST, path))
}
console.log(`build: dist/ compiled, ${assets.length} assets copied`)
