import { execFileSync } from 'node:child_process'

/** Whether a command is on PATH: tests of tools CI installs (nghttp, h2load) skip with a warning elsewhere. */
export function hasCommand(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}
