/**
 * Issue 14 §2: `pushsim ledger` shows the newest exchanges and says how many
 * of how many; `--follow` streams new ones as the simulators record them,
 * until interrupted.
 */
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { beforeAll, describe, expect, it } from 'vitest'
import { main } from '../harness/cli/main.ts'
import { runCli } from './support/cli.ts'
import { cliSimulators } from './support/cli-simulators.ts'

const live = cliSimulators()
/** One Web Push exchange at a path of its own (an unknown subscription: answered, and recorded). */
const push = (name: string) => fetch(`${live.sims.endpoints.webpush}/wpush/v2/${name}`, { method: 'POST', body: 'x' }).then((response) => response.status)

beforeAll(async () => {
  for (let index = 0; index < 25; index++) await push(`sub-${index}`)
})

/** `pushsim ledger --follow` as a process, killed after 25 s at the latest; `exited` resolves with its exit code. */
function spawnFollow() {
  const child = spawn(process.execPath, ['--import', 'tsx', 'harness/cli/main.ts', 'ledger', '--follow', '--limit', '1', '--provider', 'webpush', '--admin', live.sims.endpoints.admin], { stdio: ['ignore', 'pipe', 'pipe'] })
  const killer = setTimeout(() => child.kill('SIGKILL'), 25_000)
  const stderr = { text: '' }
  child.stderr.on('data', (chunk) => void (stderr.text += chunk))
  const exited = new Promise<number | null>((resolve) =>
    child.once('close', (code) => {
      clearTimeout(killer)
      resolve(code)
    }),
  )
  return { child, stderr, exited }
}

describe('pushsim ledger', () => {
  it('shows the newest exchanges, oldest of them first, and says "showing N of M"', async () => {
    const result = await runCli(['ledger', '--limit', '5', '--provider', 'webpush'], live.env)
    expect(result.code).toBe(0)
    const lines = result.out.trimEnd().split('\n')
    expect(lines.slice(0, 5).map((line) => /\/wpush\/v2\/(sub-\d+)/.exec(line)?.[1])).toEqual(['sub-20', 'sub-21', 'sub-22', 'sub-23', 'sub-24'])
    expect(lines.at(-1)).toMatch(/^showing 5 of 25 matching \(the newest; --limit, --offset or --follow for more\)$/)
  })

  it('with --offset, pages from the oldest', async () => {
    const result = await runCli(['ledger', '--limit', '2', '--offset', '3', '--provider', 'webpush'], live.env)
    expect(result.out).toContain('/wpush/v2/sub-3 ')
    expect(result.out).toContain('/wpush/v2/sub-4 ')
    expect(result.out).toContain('showing 2 of 25 matching (from the oldest, offset 3)')
  })

  it('--json gives the same newest page as JSON', async () => {
    const page = JSON.parse((await runCli(['ledger', '--limit', '3', '--provider', 'webpush', '--json'], live.env)).out) as { total: number; entries: { request: { path: string } }[] }
    expect(page.total).toBe(25)
    expect(page.entries.map((entry) => entry.request.path)).toEqual(['/wpush/v2/sub-22', '/wpush/v2/sub-23', '/wpush/v2/sub-24'])
  })

  it('--follow prints new exchanges as they are recorded and stops on Ctrl-C with exit 0', async () => {
    const { child, stderr, exited } = spawnFollow()
    const lines = createInterface({ input: child.stdout })
    const seen: string[] = []
    const nextLineWith = (text: string) =>
      new Promise<string>((resolve, reject) => {
        const onLine = (line: string) => {
          seen.push(line)
          if (line.includes(text)) {
            lines.off('line', onLine)
            resolve(line)
          }
        }
        lines.on('line', onLine)
        void exited.then(() => reject(new Error(`exited before a line with ${text}; saw ${JSON.stringify(seen)}; stderr ${stderr.text}`)))
      })
    try {
      expect(await nextLineWith('following')).toMatch(/^showing 1 of 25 matching; following new exchanges \(Ctrl-C stops\)$/)
      const followed = nextLineWith('/wpush/v2/followed ')
      expect(await push('followed')).toBeGreaterThanOrEqual(400)
      expect(await followed).toMatch(/webpush .*POST \/wpush\/v2\/followed {2}→ \d{3} after/)
      child.kill('SIGINT')
      expect(await exited).toBe(0)
      expect(stderr.text).not.toMatch(/\n\s+at /)
    } finally {
      child.kill('SIGKILL')
    }
  }, 30_000)

  it('--follow stops quietly with exit 0 when its reader goes away (| head)', async () => {
    const { child, stderr, exited } = spawnFollow()
    // As `| head -1` does: read the first chunk, then close the pipe.
    await new Promise((resolve) => child.stdout.once('data', resolve))
    child.stdout.destroy()
    let exitCode: number | null | undefined
    void exited.then((code) => (exitCode = code))
    // New exchanges make it write again; the write that fails ends it.
    for (let index = 0; index < 100 && exitCode === undefined; index++) {
      await push(`after-reader-${index}`)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect(await exited).toBe(0)
    expect(stderr.text).toBe('')
  }, 30_000)

  it('--follow --json streams one exchange a line', async () => {
    let out = ''
    let stop: (signal: string) => void = () => {}
    const running = main(['ledger', '--follow', '--json', '--limit', '2', '--provider', 'webpush'], {
      out: (text) => void (out += text),
      err: () => {},
      env: live.env,
      untilStopped: () => new Promise((resolve) => (stop = resolve)),
    })
    const until = async (done: () => boolean) => {
      for (let tries = 0; tries < 400 && !done(); tries++) await new Promise((resolve) => setTimeout(resolve, 25))
    }
    await until(() => out.split('\n').length > 2)
    await push('followed-json')
    await until(() => out.includes('followed-json'))
    stop('SIGINT')
    expect(await running).toBe(0)
    const entries = out.trimEnd().split('\n').map((line) => JSON.parse(line) as { seq: number; request: { path: string } })
    expect(entries.map((entry) => entry.request.path).slice(-1)).toEqual(['/wpush/v2/followed-json'])
    expect(entries.length).toBeGreaterThanOrEqual(3)
    expect(entries.map((entry) => entry.seq)).toEqual([...entries.map((entry) => entry.seq)].sort((a, b) => a - b))
  }, 30_000)
})
