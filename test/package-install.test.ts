/**
 * pushsim as users get it: `npm pack` (which builds dist/ on prepack), the
 * tarball installed into a fresh project with only its declared
 * dependencies, then used from there the way the README says: the bin, a
 * library scenario run end to end, `pushsim/msw` with firebase-admin under
 * plain Node and under vitest, and the typed `defineScenario`. Nothing here
 * imports the repository's sources: only the installed package is used.
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PROJECT_FILES } from './support/package-project.ts'

const REPO = resolve(import.meta.dirname, '..')
const work = mkdtempSync(join(tmpdir(), 'pushsim-package-'))
const project = join(work, 'project')

/** The repo's own versions of the tools the user project installs beside pushsim (likely in npm's cache). */
const versionAt = (manifest: string): string => (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version
const versionOf = (name: string): string => versionAt(join(REPO, 'node_modules', name, 'package.json'))

// Node 24 first on PATH (the bin's `env node`); no npm_* variables from an enclosing `npm test`, which would point npm back at this repository.
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('npm_') && name !== 'INIT_CWD'))
env.PATH = [dirname(process.execPath), env.PATH].join(delimiter)

interface Outcome {
  code: number | null
  stdout: string
  stderr: string
}

function sh(command: string, args: string[], cwd: string, timeoutMs: number): Promise<Outcome> {
  return new Promise((done) => {
    execFile(command, args, { cwd, env, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null
      done({ code, stdout, stderr: error !== null && code === null ? `${stderr}\n${error.message}` : stderr })
    })
  })
}

/** Fails with the command's output, so a broken step says why. */
function expectOk(outcome: Outcome): void {
  expect(outcome.code, `${outcome.stdout}\n${outcome.stderr}`).toBe(0)
}

beforeAll(async () => {
  const packed = await sh('npm', ['pack', '--pack-destination', work, '--json'], REPO, 180_000)
  expectOk(packed)
  const [tarball] = readdirSync(work).filter((name) => name.endsWith('.tgz'))
  expect(tarball).toBeDefined()
  mkdirSync(project)
  for (const [name, text] of Object.entries(PROJECT_FILES)) writeFileSync(join(project, name), text)
  const tools = ['firebase-admin', 'vitest', '@types/node'].map((name) => `${name}@${versionOf(name)}`)
  expectOk(await sh('npm', ['install', join(work, tarball!), ...tools, '--prefer-offline', '--no-audit', '--no-fund'], project, 240_000))
}, 430_000)

afterAll(() => rmSync(work, { recursive: true, force: true }))

describe('pushsim installed from its tarball', { timeout: 120_000 }, () => {
  it('ships compiled JavaScript, declarations and source maps, and nothing from tests or benches', () => {
    const installed = join(project, 'node_modules', 'pushsim')
    const files = readdirSync(installed, { recursive: true }).map(String).filter((path) => !path.startsWith('node_modules'))
    for (const compiled of ['dist/simulators/index.js', 'dist/simulators/index.d.ts', 'dist/simulators/index.js.map', 'dist/docs/ledger.schema.json', 'dist/harness/ui/assets/index.html', 'dist/scenarios/library/quickstart.scenario.js']) expect(files).toContain(compiled)
    expect(files.filter((path) => /(^|\/)(test|bench|runs)\/|\.test\.|(^|\/)tsconfig/.test(path))).toEqual([])
    expect(existsSync(join(project, 'node_modules', 'tsx'))).toBe(false)
  })

  it('runs `npx pushsim --help` and `--version`', async () => {
    const help = await sh('npx', ['--no-install', 'pushsim', '--help'], project, 60_000)
    expectOk(help)
    expect(help.stdout).toContain('pushsim run <scenario>')
    const version = await sh('npx', ['--no-install', 'pushsim', '--version'], project, 60_000)
    expectOk(version)
    expect(version.stdout.trim()).toBe(versionAt(join(REPO, 'package.json')))
  })

  it('runs a library scenario end to end against the reference dispatcher as a child process', async () => {
    const out = join(work, 'run')
    // first-410 judges conformance only (no latency threshold), so a loaded machine cannot fail it.
    const run = await sh('npx', ['--no-install', 'pushsim', 'run', 'node_modules/pushsim/scenarios/library/first-410.scenario.yaml', '--dispatcher', 'child', '--out', out, '--timeout', '150'], project, 180_000)
    expectOk(run)
    const result = JSON.parse(readFileSync(join(out, 'run-result.json'), 'utf8')) as { status: string; scenario: { name: string }; dispatcher: { mode: string } }
    expect(result).toMatchObject({ status: 'passed', scenario: { name: 'first-410' }, dispatcher: { mode: 'child' } })
  }, 200_000)

  it('plans a library .scenario.ts from node_modules through its compiled twin', async () => {
    const planned = await sh('npx', ['--no-install', 'pushsim', 'plan', 'node_modules/pushsim/scenarios/library/quickstart.scenario.ts', '--json'], project, 60_000)
    expectOk(planned)
    expect(JSON.parse(planned.stdout)).toMatchObject({ name: 'quickstart' })
  })

  it('sends with firebase-admin through pushsim/msw under plain Node', async () => {
    const sent = await sh(process.execPath, ['send.mjs'], project, 60_000)
    expectOk(sent)
    const outcome = JSON.parse(sent.stdout) as { name: string; dead: string; statuses: number[]; tokens: number }
    expect(outcome.name).toMatch(/^projects\/packaged-demo\/messages\//)
    expect(outcome).toMatchObject({ dead: 'messaging/registration-token-not-registered', statuses: [200, 404], tokens: 1 })
  })

  it('sends with firebase-admin through pushsim/msw under vitest', async () => {
    const tested = await sh('npx', ['--no-install', 'vitest', 'run', '--reporter=verbose'], project, 100_000)
    expectOk(tested)
    expect(tested.stdout).toContain('sends with firebase-admin through pushsim/msw')
  })

  it("type-checks a user's scenario and every public entry point against their declarations, and plans it through Node's type stripping", async () => {
    // The repository's TypeScript (7) checks the user project: types resolve through pushsim's exports into dist/*.d.ts.
    const checked = await sh(process.execPath, [join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], project, 90_000)
    expectOk(checked)
    const planned = await sh('npx', ['--no-install', 'pushsim', 'plan', 'my.scenario.ts'], project, 60_000)
    expectOk(planned)
    expect(planned.stdout).toContain('scenario packaged-user-scenario')
  })

  it('resolves every public entry point to compiled JavaScript under plain Node', async () => {
    const imported = await sh(process.execPath, ['api.ts'], project, 60_000)
    expectOk(imported)
    const kinds = JSON.parse(imported.stdout) as Record<string, string>
    expect(Object.keys(kinds)).toHaveLength(9)
    expect(Object.entries(kinds).filter(([, kind]) => kind !== 'function')).toEqual([])
  })
})
