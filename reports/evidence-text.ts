/**
 * A failed case's evidence as lines of text (JUnit failures, the HTML
 * conformance section): what happened, then who and where — campaign,
 * person, delivery, ledger seqs — and expected against actual.
 */
import type { CaseEntryVerdict, Evidence } from '../harness/result/run-result.ts'

export function evidenceLines(item: { evidence: readonly Evidence[]; violations: number; entries?: readonly CaseEntryVerdict[] }): string[] {
  const lines = item.evidence.map((evidence) => `- ${evidence.note}${evidenceFacts(evidence)}`)
  if (item.violations > item.evidence.length) lines.push(`(${item.violations - item.evidence.length} more not shown)`)
  // Under `pushsim conformance` a case is judged by several catalogue entries' runs: which said what, and where to look.
  for (const entry of item.entries ?? []) if (entry.verdict === 'fail') lines.push(`- entry ${entryText(entry)}`)
  return lines
}

/** `codes-apns: fail — reason (run directory runs/x/codes-apns)`. */
export const entryText = (entry: CaseEntryVerdict): string => `${entry.entry}: ${entry.verdict}${entry.reason ? ` — ${entry.reason}` : ''} (run directory ${entry.runDir})`

/** ` [campaign c, person p, delivery d, ledger seq 4, 7; expected …, actual …]`, or '' when the evidence names nothing more. */
export function evidenceFacts(evidence: Evidence): string {
  const facts = [
    evidence.campaignId === undefined ? '' : `campaign ${evidence.campaignId}`,
    evidence.personId === undefined ? '' : `person ${evidence.personId}`,
    evidence.deliveryId === undefined ? '' : `delivery ${evidence.deliveryId}`,
    evidence.seq === undefined || evidence.seq.length === 0 ? '' : `ledger seq ${evidence.seq.join(', ')}`,
  ].filter((fact) => fact !== '')
  const compared = 'expected' in evidence || 'actual' in evidence ? `expected ${JSON.stringify(evidence.expected ?? null)}, actual ${JSON.stringify(evidence.actual ?? null)}` : ''
  const all = [facts.join(', '), compared].filter((part) => part !== '').join('; ')
  return all === '' ? '' : ` [${all}]`
}
