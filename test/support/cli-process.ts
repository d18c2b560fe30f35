import { spawn } from 'node:child_process'

export interface CliProcessResult {
  code: number | null
  signal: NodeJS.Signals | null
  out: string
  err: string
}

/** Runs the CLI as a child process (as a user's shell does) and resolves when it exits; kills it after `timeoutMs`. */
export function runCliProcess(args: string[], options: { env?: Record<string, string>; timeoutMs?: number; cwd?: string } = {}): Promise<CliProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'harness/cli/main.ts', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...options.env },
      ...(options.cwd ? { cwd: options.cwd } : {}),
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (chunk) => void (out += chunk))
    child.stderr.on('data', (chunk) => void (err += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000)
    child.once('error', reject)
    child.once('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, out, err })
    })
  })
}
