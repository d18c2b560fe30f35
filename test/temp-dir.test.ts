/**
 * Tests leave no temporary directories behind: tempDir() removes what a
 * test made once it ends, failed or not, and the run's globalSetup points
 * every worker and child process at one temp root of its own.
 * The tests of one file run in order: each checks what the one before left.
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from './support/temp-dir.ts'
import { leftoverSummary } from './support/temp-root.ts'

describe('tempDir', () => {
  const fileScoped = tempDir('pushsim-temp-file-')
  let madeInTest = ''
  let madeInFailingTest = ''

  it('makes a fresh directory in the temp dir', () => {
    madeInTest = tempDir('pushsim-temp-test-')
    expect(existsSync(madeInTest)).toBe(true)
    expect(dirname(madeInTest)).toBe(tmpdir())
    expect(basename(madeInTest)).toMatch(/^pushsim-temp-test-[A-Za-z0-9]{6}$/)
  })

  it('removed it once that test ended', () => {
    expect(madeInTest).not.toBe('')
    expect(existsSync(madeInTest)).toBe(false)
  })

  it.fails('a test that fails…', () => {
    madeInFailingTest = tempDir('pushsim-temp-failing-')
    expect(existsSync(madeInFailingTest)).toBe(false)
  })

  it('…has its directory removed all the same', () => {
    expect(madeInFailingTest).not.toBe('')
    expect(existsSync(madeInFailingTest)).toBe(false)
  })

  it('keeps a directory made outside a test until the file is done', () => {
    expect(existsSync(fileScoped)).toBe(true)
  })
})

describe('the run’s temp root', () => {
  it('is the temp dir of the test worker and of the processes it starts', () => {
    expect(basename(tmpdir())).toMatch(/^pushsim-test-run-[A-Za-z0-9]{6}$/)
    const childTmp = execFileSync(process.execPath, ['-p', "require('node:os').tmpdir()"], { encoding: 'utf8', timeout: 10_000 }).trim()
    expect(childTmp).toBe(tmpdir())
  })
})

describe('leftoverSummary', () => {
  it('counts leftovers by their mkdtemp prefix, the most first, and names other entries whole', () => {
    expect(leftoverSummary(['ndjson-a1B2c3', 'pushsim-run-Zz9yY8', 'ndjson-QWERTY', 'pushsim-nghttp-body-42.json'])).toBe('2 × ndjson-, 1 × pushsim-nghttp-body-42.json, 1 × pushsim-run-')
  })
})
