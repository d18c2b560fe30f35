/**
 * vitest globalSetup: the whole test run keeps its temporary files under one
 * fresh root, and says at the end what the tests left there.
 *
 * TMPDIR is set here, in vitest's main process, before the pool forks its
 * workers (which copy process.env when they start), so os.tmpdir() in every
 * worker, and in every process a test starts, names the root. At teardown
 * the root's leftovers are named by prefix. After a run that passed they
 * fail it (a test leaked though it passed: a leak to fix, every run) and
 * the root is removed. After failures they only warn, and the root is
 * kept: a test killed at its timeout never reached its cleanup (the run is
 * red already), and a failing test may have kept its run directory on
 * purpose for `pushsim verify` (oracle-broken.test.ts); one directory, named.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'

/**
 * Caches that tools keep in the temp dir on purpose, across runs: tsx's transforms, and Node's compile
 * cache (npm's CLI turns it on). Linked from the root, so that runs keep sharing them and they are no leftover.
 */
const SHARED_CACHES = [`tsx-${process.geteuid?.() ?? 0}`, 'node-compile-cache']

export default function setup(project: TestProject): () => void {
  const outer = tmpdir()
  const root = mkdtempSync(join(outer, 'pushsim-test-run-'))
  for (const cache of SHARED_CACHES) {
    mkdirSync(join(outer, cache), { recursive: true })
    symlinkSync(join(outer, cache), join(root, cache))
  }
  process.env.TMPDIR = root
  return () => {
    process.env.TMPDIR = outer
    const left = readdirSync(root).filter((name) => !SHARED_CACHES.includes(name))
    const failed = project.vitest.state.getCountOfFailedTests() > 0
    // rm does not follow the links: the caches themselves stay.
    if (left.length === 0 || !failed) rmSync(root, { recursive: true, force: true, maxRetries: 3 })
    if (left.length === 0) return
    const message = `the tests left ${left.length} entries in their temp dir: ${leftoverSummary(left)}`
    if (failed) console.warn(`warning: ${message}. Some tests failed, and may have stopped before their cleanup; kept for a look: ${root}`)
    else throw new Error(`${message} (removed now). Make each with tempDir() from test/support/temp-dir.ts, or remove it when its test ends.`)
  }
}

/** `12 × pushsim-run-, 1 × tour-state`: entries counted by name, less mkdtemp's six random characters. */
export function leftoverSummary(names: readonly string[]): string {
  const counts = new Map<string, number>()
  for (const name of names) {
    const prefix = name.replace(/[A-Za-z0-9]{6}$/, '')
    const key = prefix.endsWith('-') || prefix.endsWith('_') ? prefix : name
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([prefix, count]) => `${count} × ${prefix}`).join(', ')
}
