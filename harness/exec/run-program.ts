import { spawn } from 'node:child_process'
import { constants } from 'node:os'

/** How the program ended: the exit code pushsim passes on (128 + the signal number when a signal ended it, as shells report). */
export type ProgramEnd = { ok: true; exitCode: number; signal: NodeJS.Signals | null } | { ok: false; error: NodeJS.ErrnoException }

/**
 * Runs the program with the terminal as its own (stdin, stdout, stderr);
 * a stop request (SIGINT/SIGTERM to pushsim) is passed on to it, and pushsim
 * waits for it to exit.
 */
export function runProgram(command: string, args: readonly string[], env: Record<string, string>, untilStopped: Promise<string>): Promise<ProgramEnd> {
  return new Promise((resolve) => {
    const child = spawn(command, [...args], { stdio: 'inherit', env })
    void untilStopped.then((signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal as NodeJS.Signals)
    })
    child.once('error', (error: NodeJS.ErrnoException) => resolve({ ok: false, error }))
    child.once('exit', (code, signal) => {
      const exitCode = code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0)
      resolve({ ok: true, exitCode, signal })
    })
  })
}
