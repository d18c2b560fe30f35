/**
 * The matrix's side of a library's child process: start it under pushsim
 * exec's environment, send notifications, wait for the library's answers
 * within a bound, and stop it (killed if it does not close in time).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import type { LibraryEntry } from './adapters/index.ts'
import type { AdapterConfig, Notification } from './library-adapter.ts'
import type { ChildReply, ChildRequest, SendResult } from './protocol.ts'

/** The library's answer, or none within the bound (a hang the library did not time out). */
export type SendOutcome = { answered: true; result: SendResult; elapsedMs: number } | { answered: false; waitedMs: number }

export interface LibraryProcess {
  send(notification: Notification, boundMs: number): Promise<SendOutcome>
  /** Asks the library to close its client; kills the process if it has not exited within `graceMs`. */
  close(graceMs?: number): Promise<void>
  /** The tail of the child's stderr, for evidence when something went wrong. */
  stderr(): string
}

const COMPILED = import.meta.url.endsWith('.js')
const CHILD = fileURLToPath(new URL(COMPILED ? './adapter-child.js' : './adapter-child.ts', import.meta.url))
// The preload comes through NODE_OPTIONS (exec's environment); tsx only when running from sources.
const LOADER = COMPILED ? [] : ['--import', import.meta.resolve('tsx')]

export async function startLibraryProcess(library: LibraryEntry, env: Record<string, string>, config: AdapterConfig, startBoundMs = 20_000): Promise<LibraryProcess> {
  const child = spawn(process.execPath, [...LOADER, CHILD, library.module.href], {
    stdio: ['pipe', 'ignore', 'pipe', 'pipe'],
    env: { ...env, PUSHSIM_MATRIX_CONFIG: JSON.stringify(config) },
  })
  // A write after the child died is answered by the bound, not by an EPIPE crash.
  child.stdin!.on('error', () => {})
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => void (stderr = (stderr + chunk.toString()).slice(-4000)))
  const waiting = new Map<number, (reply: ChildReply) => void>()
  let onReady: ((problem?: string) => void) | undefined
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  createInterface({ input: child.stdio[3] as NodeJS.ReadableStream }).on('line', (line) => {
    const message = JSON.parse(line) as ChildReply | { ready: true } | { failedToOpen: string }
    if ('ready' in message) return onReady?.()
    if ('failedToOpen' in message) return onReady?.(message.failedToOpen)
    waiting.get(message.id)?.(message)
    waiting.delete(message.id)
  })
  const ready = await Promise.race([
    new Promise<string | undefined>((resolve) => (onReady = resolve)),
    exited.then(() => `exited before its client was ready: ${stderr.trim().slice(-500)}`),
    delay(startBoundMs).then(() => `not ready within ${startBoundMs} ms`),
  ])
  if (ready !== undefined) {
    kill(child)
    throw new Error(`${library.id}: ${ready}`)
  }
  let nextId = 1
  const request = (message: ChildRequest): Promise<ChildReply> =>
    new Promise((resolve) => {
      waiting.set(message.id, resolve)
      child.stdin!.write(JSON.stringify(message) + '\n')
    })
  return {
    async send(notification, boundMs) {
      const reply = request({ id: nextId++, op: 'send', notification })
      const first = await Promise.race([reply, delay(boundMs).then(() => undefined)])
      if (first === undefined || !('result' in first)) return { answered: false, waitedMs: boundMs }
      return { answered: true, result: first.result, elapsedMs: first.elapsedMs }
    },
    async close(graceMs = 3000) {
      if (child.exitCode === null && child.signalCode === null) {
        void request({ id: nextId++, op: 'close' })
        await Promise.race([exited, delay(graceMs)])
      }
      kill(child)
      await exited
    },
    stderr: () => stderr,
  }
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref())

function kill(child: ChildProcess): void {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
}
