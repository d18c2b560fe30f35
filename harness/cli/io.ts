/** The process globals a command touches, injected so the whole CLI runs inside tests. */
export interface CliIo {
  out(text: string): void
  err(text: string): void
  env: Readonly<Record<string, string | undefined>>
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM), for long-running commands. */
  untilStopped(): Promise<string>
}

let stdoutGuarded = false
let stdoutGone = false
/** Long-running commands waiting in untilStopped: a reader gone for good stops them too. */
const stoppers = new Set<(reason: string) => void>()

/**
 * Once, for the whole CLI: a reader that goes away (`pushsim errors | head`)
 * makes stdout fail with EPIPE. That is no error of the command: later output
 * is dropped and the command ends as it would have (exit 0), with no stack
 * trace; one that would print until stopped (`ledger --follow | head`) stops.
 */
function guardStdout(): void {
  if (stdoutGuarded) return
  stdoutGuarded = true
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') {
      stdoutGone = true
      for (const stop of stoppers) stop('EPIPE')
      return
    }
    throw error
  })
}

export const processIo: CliIo = {
  out: (text) => {
    guardStdout()
    if (!stdoutGone) process.stdout.write(text)
  },
  err: (text) => process.stderr.write(text),
  env: process.env,
  untilStopped: () =>
    new Promise((resolve) => {
      const stop = (signal: string) => {
        stoppers.delete(stop)
        resolve(signal)
      }
      stoppers.add(stop)
      process.once('SIGINT', () => stop('SIGINT'))
      process.once('SIGTERM', () => stop('SIGTERM'))
    }),
}
