/**
 * Temporary directories that tests make and never leave behind. A directory
 * made inside a test (or its beforeEach / afterEach) is removed once that
 * test has finished, pass or fail, after its afterEach hooks; one made
 * outside a test (at file or describe scope, in a beforeAll) when the file's
 * tests are done, after the file's own afterAll hooks, so that servers
 * stopped there are stopped before their state directory goes.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, onTestFinished, TestRunner } from 'vitest'

const madeOutsideTests: string[] = []

// Registered when a test file first imports this module (vitest evaluates it afresh for each file):
// hooks run in reverse order of registration, so this one runs after the file's own afterAll hooks.
afterAll(() => {
  for (const dir of madeOutsideTests.splice(0)) removeTempDir(dir)
})

/** A fresh directory `<tmpdir>/<prefix>XXXXXX`, removed when the test (or, outside a test, the file) that made it is done. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  if (TestRunner.getCurrentTest() === undefined) madeOutsideTests.push(dir)
  else onTestFinished(() => removeTempDir(dir))
  return dir
}

/** Removes a directory and all below it; one already gone is no error. */
export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 })
}
