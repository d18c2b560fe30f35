/**
 * The conformance runner's pure parts: how verdicts of several entries
 * merge into one per case, how --only selects cases and entries, how
 * --interpretation is read, and which failures fail the suite (strict).
 */
import { describe, expect, it } from 'vitest'
import type { KnownCase } from '../harness/conformance/case-index.ts'
import { casePattern } from '../harness/conformance/case-pattern.ts'
import type { CatalogueEntry } from '../harness/conformance/catalogue.ts'
import { parseInterpretations } from '../harness/conformance/interpretation-flags.ts'
import { mergeCases, type EntryCases } from '../harness/conformance/merge.ts'
import { selectSuite } from '../harness/conformance/selection.ts'
import { countsAsFailure } from '../harness/conformance/suite-result.ts'
import type { CaseResult, Verdict } from '../harness/oracle/case.ts'
import { DEFAULT_INTERPRETATIONS } from '../harness/oracle/interpretations.ts'

const source = { document: 'push-semantics.md', section: '§4' }
const known: KnownCase[] = [
  { id: 'retry.none-after.dead-address', title: 'no retry after a dead address', source, ruleSet: 'error-effects', strict: false },
  { id: 'retry.backoff.grows', title: 'backoff grows', source, ruleSet: 'timeouts-retries', strict: true },
  { id: 'orphan.case', title: 'no rule set', source, ruleSet: null, strict: false },
]
const verdict = (id: string, value: Verdict, extra: Partial<CaseResult> = {}): CaseResult => ({ id, title: id, source, verdict: value, checked: value === 'skipped' ? 0 : 3, violations: value === 'fail' ? 1 : 0, evidence: value === 'fail' ? [{ note: 'attempt 9 after the 410 answer 4', seq: [4, 9] }] : [], ...extra })
const entry = (name: string, ruleSets: string[], cases: CaseResult[], precondition?: string): EntryCases => ({ entry: name, runDir: `/runs/${name}`, ruleSets, cases, ...(precondition ? { precondition } : {}) })

describe('merging the entries’ verdicts', () => {
  it('fails if any entry failed it, naming the entry in the reason and the evidence', () => {
    const [dead] = mergeCases(known.slice(0, 1), [entry('a', ['error-effects'], [verdict('retry.none-after.dead-address', 'pass')]), entry('b', ['error-effects'], [verdict('retry.none-after.dead-address', 'fail', { reason: '1 of 3 broke it' })])])
    expect(dead!.verdict).toBe('fail')
    expect(dead!.reason).toBe('failed in b: 1 of 3 broke it')
    expect(dead!.evidence[0]!.note).toBe('[b] attempt 9 after the 410 answer 4')
    expect(dead!.entries!.map((e) => [e.entry, e.verdict])).toEqual([['a', 'pass'], ['b', 'fail']])
    expect([dead!.checked, dead!.violations]).toEqual([6, 1])
  })
  it('passes if one passed and none failed; skipped ones do not matter', () => {
    const [dead] = mergeCases(known.slice(0, 1), [entry('a', ['error-effects'], [verdict('retry.none-after.dead-address', 'skipped', { reason: 'nothing in this run exercised the rule' })]), entry('b', ['error-effects'], [verdict('retry.none-after.dead-address', 'pass')])])
    expect(dead!.verdict).toBe('pass')
  })
  it('only entries naming the case’s rule set judge it: a failure elsewhere is not counted', () => {
    const [dead] = mergeCases(known.slice(0, 1), [entry('other', ['metrics-webpush'], [verdict('retry.none-after.dead-address', 'fail')])])
    expect(dead!.verdict).toBe('skipped')
    expect(dead!.reason).toBe('no catalogue entry covers it (no entry names its rule set error-effects)')
  })
  it('skipped with every entry’s reason; PRECONDITION_FAILED for an entry that could not run', () => {
    const [dead, , orphan] = mergeCases(known, [entry('a', ['error-effects'], [verdict('retry.none-after.dead-address', 'skipped', { reason: 'nothing in this run exercised the rule' })]), entry('kill', ['error-effects'], [], 'the dispatcher is external')])
    expect(dead!.verdict).toBe('skipped')
    expect(dead!.reason).toBe('a: nothing in this run exercised the rule; kill: PRECONDITION_FAILED: the dispatcher is external')
    expect(orphan!.reason).toBe('no catalogue entry covers it (no entry names its rule set: it has none)')
  })
  it('a strict case’s failure fails the suite only under --strict', () => {
    const [, backoff] = mergeCases(known, [entry('limits', ['timeouts-retries'], [verdict('retry.backoff.grows', 'fail', { strict: true })])])
    expect(backoff!.strict).toBe(true)
    expect(countsAsFailure(backoff!, false)).toBe(false)
    expect(countsAsFailure(backoff!, true)).toBe(true)
  })
})

describe('--only', () => {
  const catalogue = [
    { id: 'codes-apns', ruleSets: ['error-codes', 'error-effects'] },
    { id: 'limits-apns', ruleSets: ['timeouts-retries'] },
  ] as unknown as CatalogueEntry[]
  it('a glob or a substring over case ids', () => {
    expect(casePattern('retry.*')('retry.backoff.grows')).toBe(true)
    expect(casePattern('*.grows')('retry.backoff.grows')).toBe(true)
    expect(casePattern('retry.*')('timeout.read.apns')).toBe(false)
    expect(casePattern('dead-address')('retry.none-after.dead-address')).toBe(true)
  })
  it('selects the matching cases and only the entries that judge them', () => {
    const selected = selectSuite(known, catalogue, 'dead-address')
    expect(selected.ok && selected.value.cases.map((c) => c.id)).toEqual(['retry.none-after.dead-address'])
    expect(selected.ok && selected.value.entries.map((e) => e.id)).toEqual(['codes-apns'])
  })
  it('a pattern that matches nothing is an error with the nearest id', () => {
    const selected = selectSuite(known, catalogue, 'retry.backoff.grow')
    expect(selected.ok).toBe(true)
    const none = selectSuite(known, catalogue, 'orphan.cases')
    expect(none.ok ? '' : none.error).toBe('No case id matches --only orphan.cases (did you mean orphan.case?); pushsim conformance --list prints them')
  })
})

describe('--interpretation', () => {
  it('the law’s defaults unless named otherwise', () => {
    const parsed = parseInterpretations(['retry-limit=attempts'])
    expect(parsed.ok && parsed.value).toEqual({ ...DEFAULT_INTERPRETATIONS, 'retry-limit': 'attempts' })
    expect(DEFAULT_INTERPRETATIONS['retry-limit']).toBe('retries')
    expect(DEFAULT_INTERPRETATIONS['bounced-mixed']).toBe('failed')
  })
  it('an unknown name or value is an error with a did-you-mean', () => {
    const name = parseInterpretations(['retry-limt=attempts'])
    expect(name.ok ? '' : name.error).toMatch(/^--interpretation: no interpretation named "retry-limt" \(did you mean retry-limit\?\)/)
    const value = parseInterpretations(['bounced-mixed=bounce'])
    expect(value.ok ? '' : value.error).toBe('--interpretation bounced-mixed: no value "bounce" (did you mean bounced?); values: failed, bounced')
    const shape = parseInterpretations(['retry-limit'])
    expect(shape.ok).toBe(false)
  })
})
