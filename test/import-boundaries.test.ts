/**
 * The one-way imports of architecture.md: the dispatcher talks to providers
 * only over the network and shares no code with the simulators or the
 * harness (whose oracle checks it), and the simulators import neither.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '..')

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return entry.name.endsWith('.ts') ? [path] : []
  })
}

/** Top-level folders a file imports from, resolved from its relative import specifiers. */
function importedFolders(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8')
  const specifiers = [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g)].map((match) => match[1] ?? match[2]!)
  return specifiers.map((specifier) => relative(root, resolve(join(root, file, '..'), specifier)).split('/')[0]!)
}

describe('import boundaries', () => {
  it.each([
    ['dispatcher', ['simulators', 'harness', 'scenarios', 'reports']],
    ['simulators', ['dispatcher', 'harness', 'scenarios', 'reports']],
    // Scenarios are data the harness runs: they may use the simulators' fault language, nothing of the runner or the dispatcher.
    ['scenarios', ['dispatcher', 'harness', 'reports']],
  ])('%s imports nothing of %j', (folder, forbidden) => {
    const offending = sourceFiles(folder).flatMap((file) => importedFolders(file).filter((target) => (forbidden as string[]).includes(target)).map((target) => `${file} → ${target}`))
    expect(offending).toEqual([])
  })

  it('reports read only the run result type', () => {
    const offending = sourceFiles('reports').flatMap((file) => {
      const text = readFileSync(join(root, file), 'utf8')
      return [...text.matchAll(/from\s+['"](\.[^'"]+)['"]/g)].map((match) => relative(root, resolve(join(root, file, '..'), match[1]!))).filter((target) => !target.startsWith('reports/') && target !== 'harness/result/run-result.ts').map((target) => `${file} → ${target}`)
    })
    expect(offending).toEqual([])
  })

  it('the harness reaches the dispatcher over HTTP; only the commands that start the reference dispatcher import it', () => {
    const starters = ['harness/cli/commands/dispatcher.ts', 'harness/cli/dispatcher-config.ts', 'harness/run/dispatcher-target.ts']
    const offending = sourceFiles('harness').filter((file) => !file.endsWith('.test.ts') && !starters.includes(file) && importedFolders(file).includes('dispatcher'))
    expect(offending).toEqual([])
  })
})
