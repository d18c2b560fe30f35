import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'

export interface Child {
  process: ChildProcess
  /** The first line the child printed (its JSON readiness line). */
  ready: Record<string, unknown>
  stop(): Promise<void>
}

/**
 * Starts a TypeScript entry in its own Node process, pinned to `cpu` when
 * taskset exists, and waits for its first stdout line.
 */
export async function startChild(entry: string, args: string[], cpu: number | undefined): Promise<Child> {
  const nodeArgs = ['--import', 'tsx', entry, ...args]
  const child = cpu === undefined ? spawn(process.execPath, nodeArgs, { stdio: ['ignore', 'pipe', 'inherit'] }) : spawn('taskset', ['-c', String(cpu), process.execPath, ...nodeArgs], { stdio: ['ignore', 'pipe', 'inherit'] })
  const lines = createInterface({ input: child.stdout! })
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve)
    child.once('exit', (code) => reject(new Error(`${entry} exited with ${code} before it was ready`)))
  })
  return {
    process: child,
    ready: JSON.parse(first) as Record<string, unknown>,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}
