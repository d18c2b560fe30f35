/**
 * pushsim exec's fresh simulators keep their state in a temporary directory
 * when no --state-dir is given: it goes when they stop, and when they fail
 * to start.
 */
import { readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { afterEach, describe, expect, it } from 'vitest'
import { freshSimulators } from '../harness/exec/exec-simulators.ts'
import { tempDir } from './support/temp-dir.ts'

// A temp dir of this test's own, so that what other test files make at the same time is not counted.
const runTmp = process.env.TMPDIR
afterEach(() => {
  if (runTmp === undefined) delete process.env.TMPDIR
  else process.env.TMPDIR = runTmp
})
const ownTmpDir = (): string => {
  const dir = tempDir('pushsim-exec-temp-')
  process.env.TMPDIR = dir
  expect(tmpdir()).toBe(dir)
  return dir
}

describe('fresh simulators without a state directory', () => {
  it('remove their temporary directory when they stop', async () => {
    const dir = ownTmpDir()
    const sims = await freshSimulators({ seed: 'exec-temp' })
    expect(readdirSync(dir)).toEqual([expect.stringMatching(/^pushsim-exec-/)])
    await sims.stop()
    expect(readdirSync(dir)).toEqual([])
  })

  it('remove it when they fail to start', async () => {
    const dir = ownTmpDir()
    await expect(freshSimulators({ faults: [{ type: 'no-such-fault' }] })).rejects.toThrow(/fault/)
    expect(readdirSync(dir)).toEqual([])
  })
})
