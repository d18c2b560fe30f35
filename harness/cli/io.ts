/** The process globals a command touches, injected so the whole CLI runs inside tests. */
export interface CliIo {
  out(text: string): void
  err(text: string): void
  env: Readonly<Record<string, string | undefined>>
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM), for long-running commands. */
  untilStopped(): Promise<string>
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
  untilStopped: () =>
    new Promise((resolve) => {
      const stop = (signal: string) => resolve(signal)
      process.once('SIGINT', () => stop('SIGINT'))
      process.once('SIGTERM', () => stop('SIGTERM'))
    }),
}
