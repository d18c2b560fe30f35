/**
 * The dispatcher a run drives: pushsim's reference dispatcher on a fresh
 * database, in this process or as a child process (so it can be killed and
 * restarted), or a user's own at a URL. Whatever it is, the run talks to it
 * only over the contract.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import { startDispatcher } from '../../dispatcher/app.ts'
import { providersFromPushsim } from '../cli/dispatcher-config.ts'

export type DispatcherMode = 'in-process' | 'child' | 'external'

export interface DispatcherTarget {
  readonly url: string
  readonly mode: DispatcherMode
  /** The child's process, for kill -9 scenarios. */
  readonly child?: ChildProcess
  /** Starts it again on the same database (in-process and child only; a child on the same port, its clock at `clock`). */
  restart?(clock?: { nowMs: number; timeScale: number }): Promise<DispatcherTarget>
  /** `force`: a dispatcher that stopped answering is killed at once rather than asked to stop. */
  close(options?: { force?: boolean }): Promise<void>
}

export interface TargetOptions {
  mode: DispatcherMode
  /** For `external`. */
  url?: string
  adminUrl: string
  database: string
  seed: string
  /** For `child`: a module to run in place of pushsim's CLI, taking the same `dispatcher serve` arguments (tests start a broken dispatcher so). */
  entry?: string
}

// Compiled (the installed package) the CLI is JavaScript and needs no loader; from sources it runs through tsx.
const COMPILED = import.meta.url.endsWith('.js')
const CLI = fileURLToPath(new URL(COMPILED ? '../cli/main.js' : '../cli/main.ts', import.meta.url))
const LOADER = COMPILED ? [] : ['--import', import.meta.resolve('tsx')]

export async function startDispatcherTarget(options: TargetOptions): Promise<DispatcherTarget> {
  if (options.mode === 'external') return { url: options.url!, mode: 'external', close: async () => {} }
  if (options.mode === 'in-process') {
    const app = await startDispatcher({ database: options.database, seed: options.seed, providers: await providersFromPushsim({ url: options.adminUrl }), http: { host: '127.0.0.1', port: 0 } })
    return { url: app.server!.url, mode: 'in-process', close: () => app.close(), restart: async () => startDispatcherTarget(options) }
  }
  return startChild(options)
}

async function startChild(options: TargetOptions, port = 0, clock?: { nowMs: number; timeScale: number }): Promise<DispatcherTarget> {
  // A restart starts on the run's calendar: with campaigns in its database its clock may not move back.
  const clockArgs = clock === undefined ? [] : ['--clock', new Date(clock.nowMs).toISOString(), '--time-scale', String(clock.timeScale)]
  const args = [...LOADER, ...profilingArgs(), options.entry ?? CLI, 'dispatcher', 'serve', '--pushsim', options.adminUrl, '--port', String(port), '--json', '--database', options.database, '--seed', options.seed, ...clockArgs]
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: join(fileURLToPath(new URL('.', import.meta.url)), '../..') })
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => void (stderr = (stderr + chunk.toString()).slice(-4000)))
  const lines = createInterface({ input: child.stdout! })
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the dispatcher child did not start within 30 s: ${stderr.trim()}`)), 30_000)
    lines.once('line', (line) => {
      clearTimeout(timer)
      try {
        resolve((JSON.parse(line) as { url: string }).url)
      } catch {
        reject(new Error(`the dispatcher child printed ${line} instead of its address: ${stderr.trim()}`))
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`the dispatcher child exited (${code}) before listening: ${stderr.trim()}`))
    })
  })
  return {
    url,
    mode: 'child',
    child,
    // The same port: the run's client, and devices' reports, keep the address they know.
    restart: (clock) => startChild(options, Number(new URL(url).port), clock),
    close: (closing) =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve()
        // A child that does not stop (frozen, wedged) is killed: closing a run never hangs on it.
        const kill = setTimeout(() => child.kill('SIGKILL'), closing?.force ? 0 : 5_000)
        child.once('exit', () => {
          clearTimeout(kill)
          resolve()
        })
        child.kill('SIGTERM')
      }),
  }
}

/** Extra Node flags for the dispatcher child (`PUSHSIM_DISPATCHER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"`): Node refuses profiling flags in NODE_OPTIONS. */
function profilingArgs(): string[] {
  return (process.env.PUSHSIM_DISPATCHER_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== '')
}
