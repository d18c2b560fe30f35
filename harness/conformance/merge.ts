/**
 * One verdict per case from the entries that judged it. An entry judges the
 * cases of the rule sets it names; a case that several entries judge
 * fails if any of them failed it (one counter-example is proof), passes if
 * any passed it and none failed, and is skipped otherwise, with the
 * entries' reasons (or that no entry covers it). Each case keeps which
 * entry said what, and the failing entries' evidence, marked with the entry.
 */
import { EVIDENCE_LIMIT, type CaseResult } from '../oracle/case.ts'
import type { CaseEntryVerdict as EntryVerdict } from '../result/run-result.ts'
import type { KnownCase } from './case-index.ts'

export type SuiteCase = CaseResult & { ruleSet: string | null; entries: EntryVerdict[] }

/** What one entry contributed: its cases, or why it did not run (web-platform-tests' PRECONDITION_FAILED). */
export interface EntryCases {
  entry: string
  runDir: string
  ruleSets: readonly string[]
  cases: readonly CaseResult[]
  precondition?: string
}

export function mergeCases(known: readonly KnownCase[], entries: readonly EntryCases[]): SuiteCase[] {
  return known.map((meta) => {
    const judged = entries.filter((entry) => meta.ruleSet !== null && entry.ruleSets.includes(meta.ruleSet))
    const verdicts: (EntryVerdict & { result?: CaseResult })[] = judged.map((entry) => {
      if (entry.precondition !== undefined) return { entry: entry.entry, runDir: entry.runDir, verdict: 'skipped', reason: `PRECONDITION_FAILED: ${entry.precondition}` }
      const result = entry.cases.find((candidate) => candidate.id === meta.id)
      if (result === undefined) return { entry: entry.entry, runDir: entry.runDir, verdict: 'skipped', reason: 'the oracle gave no verdict for it on this entry' }
      return { entry: entry.entry, runDir: entry.runDir, verdict: result.verdict, ...(result.reason === undefined ? {} : { reason: result.reason }), result }
    })
    const base: SuiteCase = {
      id: meta.id,
      title: verdicts.find((verdict) => verdict.result)?.result?.title ?? meta.title,
      source: meta.source,
      ruleSet: meta.ruleSet,
      ...(meta.strict ? { strict: true } : {}),
      checked: sum(verdicts.map((verdict) => verdict.result?.checked ?? 0)),
      violations: sum(verdicts.map((verdict) => verdict.result?.violations ?? 0)),
      evidence: [],
      verdict: 'skipped',
      entries: verdicts.map(({ result: _result, ...verdict }) => verdict),
    }
    const failed = verdicts.filter((verdict) => verdict.verdict === 'fail')
    if (failed.length > 0) {
      const evidence = failed.flatMap((verdict) => verdict.result!.evidence.map((example) => ({ ...example, note: `[${verdict.entry}] ${example.note}` }))).slice(0, EVIDENCE_LIMIT)
      return { ...base, verdict: 'fail', evidence, reason: `failed in ${failed.map((verdict) => verdict.entry).join(', ')}: ${failed[0]!.reason ?? ''}` }
    }
    if (verdicts.some((verdict) => verdict.verdict === 'pass')) return { ...base, verdict: 'pass' }
    const reason = verdicts.length === 0 ? 'no catalogue entry covers it (no entry names its rule set' + (meta.ruleSet === null ? ': it has none)' : ` ${meta.ruleSet})`) : verdicts.map((verdict) => `${verdict.entry}: ${verdict.reason ?? 'skipped'}`).join('; ')
    return { ...base, reason }
  })
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0)
