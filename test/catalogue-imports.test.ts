/**
 * The error catalogue is plain data plus the wire builders it needs: the
 * provider cores, the fault engine and the harness import it, never the
 * reverse. Every relative import of a file under simulators/catalogue/
 * (tests included) stays inside it, or reaches the kernel's types, clock and
 * rng; nothing of simulators/providers/ (or anything else) is imported.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve, sep } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '..')
const CATALOGUE = join('simulators', 'catalogue')
const ALLOWED = [CATALOGUE, join('simulators', 'kernel')]

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return entry.name.endsWith('.ts') ? [path] : []
  })
}

/** Every relative specifier: `import … from`, `export … from`, `import(…)` and bare `import '…'`. */
function relativeImports(text: string): string[] {
  const pattern = /(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)|import\s+['"](\.[^'"]+)['"]/g
  return [...text.matchAll(pattern)].map((match) => match[1] ?? match[2] ?? match[3]!)
}

const inside = (path: string, folder: string) => path === folder || path.startsWith(folder + sep)

function offending(file: string, text: string): string[] {
  return relativeImports(text)
    .map((specifier) => relative(root, resolve(join(root, file, '..'), specifier)))
    .filter((target) => !ALLOWED.some((folder) => inside(target, folder)))
    .map((target) => `${file} → ${target}`)
}

describe('catalogue imports', () => {
  it('imports nothing outside simulators/catalogue and simulators/kernel (so nothing of simulators/providers)', () => {
    const files = sourceFiles(CATALOGUE)
    expect(files.length).toBeGreaterThan(10)
    expect(files.flatMap((file) => offending(file, readFileSync(join(root, file), 'utf8')))).toEqual([])
  })

  it('catches a provider import in every form the scan reads', () => {
    const file = join(CATALOGUE, 'entries', 'planted.ts')
    const planted = [
      "import { reasonBody } from '../../providers/apns/responses.ts'",
      "import type { FcmCore } from '../../providers/fcm/types.ts'",
      "export { CHROME_GONE } from '../../providers/webpush/chrome-answers.ts'",
      "const core = await import('../../providers/webpush/core.ts')",
      "import '../../providers/apns/index.ts'",
      "import { CATALOGUE } from '../index.ts'",
      "import type { Clock } from '../../kernel/clock.ts'",
    ].join('\n')
    expect(offending(file, planted)).toHaveLength(5)
  })
})
