/** Every exit code the CLI uses, in one place. */
export const ExitCode = {
  OK: 0,
  INTERNAL: 1,
  /** Bad flags or arguments. */
  USAGE: 2,
  /** The simulator's admin API could not be reached (not running, wrong --admin). */
  UNREACHABLE: 3,
  /** The simulator refused the request (validation, unknown id). */
  REJECTED: 4,
  /** A port was taken or the state directory unusable. */
  START_FAILED: 5,
  /** `pushsim run`: the run settled, and a threshold failed. */
  THRESHOLDS_FAILED: 6,
  /** `pushsim run`: the run reached its deadline (virtual or --timeout) with work still open. */
  NOT_SETTLED: 7,
  /** `pushsim verify`: a conformance case of the oracle failed (the run broke a rule of push-semantics.md). */
  CONFORMANCE_FAILED: 8,
} as const

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]

/** A failure that ends a command with a clear message and a non-zero exit. */
export class CliFailure extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
    readonly hint?: string,
  ) {
    super(message)
  }
}

/** A bad flag or argument found by a command's own checks: exit 2, like yargs' own usage errors; main adds the command's help to the hint. */
export const usageError = (message: string, hint?: string): CliFailure => new CliFailure(ExitCode.USAGE, message, hint)
