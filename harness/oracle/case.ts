/**
 * The oracle's unit: one case per rule of push-semantics.md (h2spec's
 * shape: spec section → numbered case → JUnit testcase). A case has a stable
 * id, the document and section it comes from, a verdict, and evidence — up
 * to a few example violations naming deliveries, persons and ledger
 * sequence numbers, with what was expected and what happened.
 */

/** `skipped` when a precondition is missing (a capability the dispatcher lacks, nothing in the run exercised the rule). */
export type Verdict = 'pass' | 'fail' | 'skipped'

export interface Evidence {
  deliveryId?: string
  personId?: string
  campaignId?: string
  /** Ledger sequence numbers of the exchanges or device entries involved. */
  seq?: number[]
  expected?: unknown
  actual?: unknown
  /** One sentence: what happened. */
  note: string
}

export interface CaseSource {
  /** `push-semantics.md`, `protocols.md`, … */
  document: string
  /** `§2`, `§8 web push profile`, … */
  section: string
}

export interface CaseResult {
  /** Stable: `retry.limit.webpush-firefox`, `metrics.web.ctr`, … */
  id: string
  title: string
  source: CaseSource
  verdict: Verdict
  /** Why skipped, or a one-line summary of the failure. */
  reason?: string
  /** How many items (deliveries, persons, figures) the case examined. */
  checked: number
  violations: number
  /** At most EVIDENCE_LIMIT examples. */
  evidence: Evidence[]
  /**
   * The law only recommends this behaviour (h2spec's strict cases): its
   * failure is reported, and fails a conformance suite only under --strict.
   */
  strict?: boolean
}

export const EVIDENCE_LIMIT = 5

/** Collects violations for one case, keeping the first few as evidence. */
export class CaseBuilder {
  private checkedCount = 0
  private violationCount = 0
  private readonly examples: Evidence[] = []
  constructor(
    readonly id: string,
    readonly title: string,
    readonly source: CaseSource,
    readonly options: { strict?: boolean } = {},
  ) {}
  /** One item examined; `violation` when it broke the rule. */
  check(violation?: Evidence): void {
    this.checkedCount++
    if (violation === undefined) return
    this.violationCount++
    if (this.examples.length < EVIDENCE_LIMIT) this.examples.push(violation)
  }
  result(skipReason?: string): CaseResult {
    const base = { id: this.id, title: this.title, source: this.source, checked: this.checkedCount, violations: this.violationCount, evidence: this.examples, ...(this.options.strict ? { strict: true } : {}) }
    if (skipReason !== undefined) return { ...base, verdict: 'skipped', reason: skipReason }
    if (this.checkedCount === 0) return { ...base, verdict: 'skipped', reason: 'nothing in this run exercised the rule' }
    if (this.violationCount === 0) return { ...base, verdict: 'pass' }
    return { ...base, verdict: 'fail', reason: `${this.violationCount} of ${this.checkedCount} broke it; first: ${this.examples[0]!.note}` }
  }
}
