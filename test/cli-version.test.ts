/** Issue 14 §2: `pushsim --version` prints the package's version, found from the code's own place (the repository, or dist/ once built). */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { packageVersion } from '../harness/cli/version.ts'
import { runCliProcess } from './support/cli-process.ts'
import { runCli } from './support/cli.ts'
import { tempDir } from './support/temp-dir.ts'

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }

describe('pushsim --version', () => {
  it("prints package.json's version and exits 0, in-process and as a process", async () => {
    expect(await runCli(['--version'])).toEqual({ code: 0, out: `${version}\n`, err: '' })
    const child = await runCliProcess(['--version'])
    expect(child).toMatchObject({ code: 0, out: `${version}\n`, err: '' })
  }, 30_000)

  it("walks up from a compiled file past dist/'s own package.json to pushsim's", () => {
    const root = tempDir('pushsim-version-')
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'pushsim', version: '9.8.7' }))
    mkdirSync(join(root, 'dist', 'harness', 'cli'), { recursive: true })
    writeFileSync(join(root, 'dist', 'package.json'), JSON.stringify({ type: 'module' }))
    const compiled = pathToFileURL(join(root, 'dist', 'harness', 'cli', 'version.js')).href
    expect(packageVersion(compiled)).toBe('9.8.7')
    expect(packageVersion(pathToFileURL(join(tmpdir(), 'nowhere', 'version.js')).href)).toBeUndefined()
  })
})
