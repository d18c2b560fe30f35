/**
 * The README's 60-second tour, run as written: the first snippet
 * (`npm run serve`) in the background, then every command of the second in
 * one bash session, each checked against the outcome its `# → …` comment
 * promises. A fresh state directory (PUSHSIM_STATE_DIR) stands in for
 * `./.pushsim`; the ports are the README's own defaults, so the test says so
 * when something else holds them.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const repo = new URL('..', import.meta.url).pathname
const readme = readFileSync(join(repo, 'README.md'), 'utf8')
const tour = readme.slice(readme.indexOf('## A 60-second tour'), readme.indexOf('## Install'))
const snippets = [...tour.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1]!)

interface TourStep {
  command: string
  /** What its output must contain, from the trailing `# → …` comment. */
  expect: string | undefined
}

/** Logical commands (backslash continuations joined), each with its promised outcome. */
function stepsOf(snippet: string): TourStep[] {
  return snippet
    .replace(/\\\n/g, '')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const promise = /\s#\s→\s(.+)$/.exec(line)
      return { command: line, expect: promise?.[1]?.trim() }
    })
}

const TOUR_PORTS = [7770, 7771, 7772, 7773, 7774, 7775, 7776]

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', () => resolve(false))
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
  })
}

/** The whole group stops asynchronously (node flushes its ledger on SIGTERM): wait until it let go of the ports. */
async function untilPortsFree(): Promise<void> {
  const deadline = Date.now() + 10_000
  while (Date.now() < deadline) {
    const free = await Promise.all(TOUR_PORTS.map(portFree))
    if (free.every(Boolean)) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`npm run serve still holds ports ${TOUR_PORTS.join(', ')} 10 s after SIGTERM to its process group`)
}

describe("the README's tour, as written", () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'pushsim-tour-'))
  const env = { ...process.env, PUSHSIM_STATE_DIR: stateDir }
  let serve: ChildProcess | undefined
  let serveOutput = ''

  beforeAll(async () => {
    const taken = []
    for (const port of TOUR_PORTS) if (!(await portFree(port))) taken.push(port)
    if (taken.length > 0) throw new Error(`The tour uses the default ports; ${taken.join(', ')} ${taken.length === 1 ? 'is' : 'are'} taken (is a 'pushsim serve' running?).`)
    // Its own process group: npm runs tsx runs node, and stopping the tour must stop all three.
    serve = spawn('bash', ['-c', `exec ${snippets[0]!.trim()}`], { cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
    serve.stdout!.on('data', (chunk: Buffer) => (serveOutput += chunk.toString()))
    serve.stderr!.on('data', (chunk: Buffer) => (serveOutput += chunk.toString()))
    const deadline = Date.now() + 30_000
    while (!serveOutput.includes('Admin API') && Date.now() < deadline) {
      if (serve.exitCode !== null) throw new Error(`npm run serve exited ${serve.exitCode}:\n${serveOutput}`)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect(serveOutput).toContain('Admin API')
  }, 40_000)

  afterAll(async () => {
    if (serve?.pid !== undefined) {
      const exited = serve.exitCode === null ? new Promise((resolve) => serve!.once('exit', resolve)) : Promise.resolve()
      try {
        process.kill(-serve.pid, 'SIGTERM')
      } catch {
        // the group is gone already
      }
      await exited
      await untilPortsFree()
    }
    rmSync(stateDir, { recursive: true, force: true })
    rmSync(join(repo, 'runs', 'tour'), { recursive: true, force: true })
  })

  it('has the two snippets it runs, every command but the variables promising an outcome', () => {
    expect(snippets).toHaveLength(2)
    expect(snippets[0]!.trim()).toBe('npm run serve')
    const steps = stepsOf(snippets[1]!)
    expect(steps.filter((step) => step.expect === undefined).map((step) => step.command.split('=')[0])).toEqual(['T', 'CA'])
    for (const snippet of snippets) expect(snippet).not.toMatch(/<[a-z][^>]*>/i)
  })

  it('runs every command with exit 0 and the outcome it promises', async () => {
    const steps = stepsOf(snippets[1]!)
    // One bash session, so T and CA carry over; a marker after each command splits the output.
    const script = steps.map((step, index) => `${step.command}\necho "@@step ${index} exit $?"`).join('\n')
    const output = await new Promise<string>((resolve, reject) => {
      const bash = spawn('bash', ['-c', script], { cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe'] })
      let text = ''
      bash.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()))
      bash.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()))
      const timer = setTimeout(() => {
        bash.kill('SIGKILL')
        reject(new Error(`the tour did not finish in 120 s:\n${text}`))
      }, 120_000)
      bash.on('exit', () => {
        clearTimeout(timer)
        resolve(text)
      })
    })
    let rest = output
    for (const [index, step] of steps.entries()) {
      const marker = new RegExp(`@@step ${index} exit (\\d+)\\n`)
      const found = marker.exec(rest)
      expect(found, `no marker after: ${step.command}\n${rest}`).not.toBeNull()
      const stepOutput = rest.slice(0, found!.index)
      rest = rest.slice(found!.index + found![0].length)
      expect(found![1], `${step.command}\n${stepOutput}`).toBe('0')
      if (step.expect !== undefined) expect(stepOutput, step.command).toContain(step.expect)
    }
  }, 150_000)
})
