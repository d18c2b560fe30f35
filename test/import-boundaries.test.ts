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

/**
 * The oracle recomputes everything itself (issue 11): its files import no
 * dispatcher code at all, and at run time only the oracle, the run result,
 * the ledger reader and the error catalogue; the simulators' other modules
 * (and the rest of the harness, which reaches them) only as types.
 */
const ORACLE_VALUE_IMPORTS = [/^harness\/oracle\//, /^harness\/result\//, /^simulators\/ledger\/reader\.ts$/, /^simulators\/catalogue\//]

function oracleImportProblems(file: string, text: string): string[] {
  const statements = [...text.matchAll(/(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g)]
  return statements.flatMap((match) => {
    const specifier = match[3] ?? match[4]!
    const typeOnly = match[2] !== undefined
    const target = relative(root, resolve(join(root, file, '..'), specifier))
    if (target.startsWith('dispatcher/')) return [`${file} → ${target} (the dispatcher, even as a type)`]
    if (typeOnly || ORACLE_VALUE_IMPORTS.some((allowed) => allowed.test(target))) return []
    return [`${file} → ${target} (only as a type)`]
  })
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

  it('the oracle imports no dispatcher code, and of the simulators and the harness only data types, the ledger reader and the catalogue', () => {
    const files = sourceFiles('harness/oracle').filter((file) => !file.endsWith('.test.ts'))
    expect(files.length).toBeGreaterThan(5)
    expect(files.flatMap((file) => oracleImportProblems(file, readFileSync(join(root, file), 'utf8')))).toEqual([])
  })

  it('the oracle check catches a planted import (so it can fail)', () => {
    const file = 'harness/oracle/cases/planted.ts'
    const planted = [
      "import { nextStep } from '../../../dispatcher/policy/retry.ts'",
      "import type { Channel } from '../../../dispatcher/model/channel.ts'",
      "import { createRunClock } from '../../../simulators/kernel/run-clock.ts'",
      "export { watchWire } from '../../run/wire-watch.ts'",
      "const lazy = await import('../../../dispatcher/app.ts')",
    ].join('\n')
    expect(oracleImportProblems(file, planted)).toEqual([
      `${file} → dispatcher/policy/retry.ts (the dispatcher, even as a type)`,
      `${file} → dispatcher/model/channel.ts (the dispatcher, even as a type)`,
      `${file} → simulators/kernel/run-clock.ts (only as a type)`,
      `${file} → harness/run/wire-watch.ts (only as a type)`,
      `${file} → dispatcher/app.ts (the dispatcher, even as a type)`,
    ])
    const allowed = ["import { readLedger } from '../../../simulators/ledger/reader.ts'", "import type { LedgerEntry } from '../../../simulators/ledger/entry.ts'", "import { findEntry } from '../../../simulators/catalogue/index.ts'", "import { CaseBuilder } from '../case.ts'"].join('\n')
    expect(oracleImportProblems(file, allowed)).toEqual([])
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
