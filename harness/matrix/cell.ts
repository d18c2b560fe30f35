/**
 * One cell of the matrix: a library under one behaviour, with a verdict and
 * the evidence behind it (the oracle's Evidence: ledger seq numbers, what
 * was expected and what the library returned).
 */
import type { Evidence } from '../oracle/case.ts'

/**
 * - `pass`: the library did what the provider's documents and push-semantics.md ask (the application can act on it).
 * - `fail`: it did not, in a way the application cannot repair: a retry of a dead token, a recoverable send failed, detail lost, a duplicate.
 * - `observed`: a neutral fact the law leaves to the application (whether and when it times out, whether it retries a 503).
 * - `n/a`: the behaviour does not exist on the provider the library speaks.
 * - `error`: the matrix could not run the cell (named): no verdict on the library.
 */
export type CellVerdict = 'pass' | 'fail' | 'observed' | 'n/a' | 'error'

export const VERDICT_MEANINGS: Readonly<Record<CellVerdict, string>> = {
  pass: "the library did what the provider's documents and push-semantics.md ask: the application gets the outcome and can act on it",
  fail: 'it did not, in a way the application cannot repair: retried a dead token, failed a send it could have recovered, lost the error detail, sent a duplicate',
  observed: 'a neutral fact the rules leave to the application (whether and when it times out, whether it retries a 503, and how far apart)',
  'n/a': 'the behaviour does not exist on the provider this library speaks',
  error: 'the matrix could not run the cell (the reason is given): no verdict on the library',
}

export interface MatrixCell {
  library: string
  probe: string
  verdict: CellVerdict
  /** One line: what the library did. */
  summary: string
  evidence: Evidence[]
}

/** What a probe concluded. */
export interface Judgement {
  verdict: Exclude<CellVerdict, 'n/a' | 'error'>
  summary: string
  evidence: Evidence[]
}
