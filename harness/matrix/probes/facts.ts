/** How probes describe what they saw: ledger attempts and the library's answers, in words the evidence reads well in. */
import type { LedgerEntry } from '../../../simulators/ledger/index.ts'
import type { Evidence } from '../../oracle/case.ts'
import type { SendOutcome } from '../library-process.ts'

export const seqs = (entries: readonly LedgerEntry[]): number[] => entries.map((entry) => entry.seq)

export const startMs = (entry: LedgerEntry): number => Date.parse(entry.startedAt)

/** From the end of one attempt to the start of the next, in ms: the spacing a client chose. */
export const gapsMs = (entries: readonly LedgerEntry[]): number[] => entries.slice(1).map((entry, index) => Math.round(startMs(entry) - (startMs(entries[index]!) + entries[index]!.durationMs)))

export const accepted = (entry: LedgerEntry): boolean => entry.delivery === 'respond' && entry.response.status >= 200 && entry.response.status < 300

export const seconds = (ms: number): string => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`

/** What the application got, as a phrase. */
export function outcomeText(outcome: SendOutcome | undefined): string {
  if (outcome === undefined) return 'nothing was sent'
  if (!outcome.answered) return `no answer within ${seconds(outcome.waitedMs)}`
  const { ok, ...detail } = outcome.result
  const fields = Object.entries(detail).map(([name, value]) => `${name} ${JSON.stringify(value)}`)
  return `${ok ? 'ok' : 'failure'}${fields.length > 0 ? ` (${fields.join(', ')})` : ''} after ${seconds(outcome.elapsedMs)}`
}

/** One attempt, as the ledger recorded it. */
export const attemptText = (entry: LedgerEntry): string =>
  `seq ${entry.seq}: ${entry.delivery}${entry.response.status ? ` ${entry.response.status}` : ''}${entry.reason ? ` ${entry.reason}` : ''}, wire ${entry.wire.outcome}${entry.wire.by ? ` by ${entry.wire.by}` : ''}`

/** The evidence every probe gives: the attempts the ledger holds, and what the library returned for each send. */
export function standardEvidence(attempts: readonly LedgerEntry[], outcomes: readonly SendOutcome[], expected: unknown): Evidence[] {
  return [
    { seq: seqs(attempts), note: attempts.length === 0 ? 'the ledger holds no attempt for this device' : attempts.map(attemptText).join('; ') },
    ...outcomes.map((outcome, index) => ({ expected, actual: outcome.answered ? outcome.result : 'no answer', note: `send ${index + 1}: the library returned ${outcomeText(outcome)}` })),
  ]
}

export const okOf = (outcome: SendOutcome | undefined): boolean => outcome !== undefined && outcome.answered && outcome.result.ok
