/**
 * A probe: one provider behaviour, measured the same way on every library.
 * It names the faults to set at fresh simulators, drives the library, and
 * judges from the ledger's exchanges for its targets and what the library
 * returned. Each probe is one file in probes/ and a line in probes/index.ts.
 */
import type { LedgerEntry } from '../../simulators/ledger/index.ts'
import type { Judgement } from './cell.ts'
import type { Notification, Provider } from './library-adapter.ts'
import type { LibraryProcess, SendOutcome } from './library-process.ts'
import type { ProviderCodes } from './provider-codes.ts'

/** What a probe's faults and judgement are written against: the cell's provider, its first target, and that provider's catalogue names. */
export interface ProbeTerms {
  provider: Provider
  /** The ledger target of the first notification (device token, registration token or subscription id). */
  target: string
  codes: ProviderCodes
}

export interface DriveContext {
  terms: ProbeTerms
  /** Two notifications to two fresh devices; most probes use the first. */
  notifications: readonly [Notification, Notification]
  library: LibraryProcess
}

export interface JudgeInput {
  terms: ProbeTerms
  /** What the library returned for each send, in the order sent. */
  outcomes: readonly SendOutcome[]
  /** The ledger's exchanges for the cell's targets, in seq order. */
  attempts: readonly LedgerEntry[]
}

export interface Probe {
  /** Column name in the matrix, and what --only matches. */
  id: string
  /** The question the cell answers. */
  question: string
  /** Providers on which the behaviour exists; others are n/a. */
  providers: readonly Provider[]
  /** Fault shorthands (pushsim faults add) set before the library starts. */
  faults(terms: ProbeTerms): string[]
  drive(context: DriveContext): Promise<SendOutcome[]>
  judge(input: JudgeInput): Judgement
}
