/**
 * The JUnit reporter read by a real consumer (junit2json, on xml2js): a run
 * of a dispatcher that retries after a dead-address 410 gives one testcase
 * per conformance case, its failures, passes and skips counted as the run
 * result counts them, the broken rule a failure whose text carries the
 * evidence with ledger seqs; a hostile scenario name and evidence survive
 * escaping; a case judged by several catalogue entries names the failing
 * one; the same result renders the same bytes.
 */
import { join } from 'node:path'
import { parse, type TestCase, type TestSuites } from 'junit2json'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunResult } from '../harness/result/run-result.ts'
import { runScenario } from '../harness/run/run.ts'
import { renderJunit } from '../reports/junit.ts'
import { startBrokenDispatcher, simulatorPorts } from './support/broken-dispatcher.ts'
import { oracleScenarioPlan } from './support/oracle-scenario.ts'
import { tempDir } from './support/temp-dir.ts'

const HOSTILE = `<script>alert("x")</script> & ' ]]> \u0001`

describe('JUnit XML of a run of a broken dispatcher', () => {
  let result: RunResult
  let close: () => Promise<void> = async () => {}
  beforeAll(async () => {
    const dir = tempDir('report-junit-')
    const stateDir = join(dir, 'simulators')
    const { ports, providers } = await simulatorPorts(stateDir, 'retries-dead-address')
    const broken = await startBrokenDispatcher('retries-dead-address', { database: join(dir, 'dispatcher.db'), seed: 'junit', providers, http: { host: '127.0.0.1', port: 0 } })
    close = () => broken.close()
    result = await runScenario({ plan: oracleScenarioPlan({ persons: 60 }), source: 'inline', sourceText: 'junit', outDir: dir, dispatcher: { mode: 'external', url: broken.server.url }, ports, stateDir, wallLimitMs: 90_000 })
  }, 120_000)
  afterAll(async () => close())

  const cases = (parsed: TestSuites): TestCase[] => (parsed.testsuite ?? []).flatMap((suite) => suite.testcase ?? [])

  it('has one testcase per conformance case, counted as the run result counts them, in one suite per rule family', async () => {
    const conformance = result.conformance!
    expect(conformance.failed).toBeGreaterThan(0)
    const parsed = (await parse(renderJunit(result))) as TestSuites
    const conformanceCases = (parsed.testsuite ?? []).filter((suite) => suite.name !== 'thresholds').flatMap((suite) => suite.testcase ?? [])
    expect(conformanceCases.length).toBe(conformance.cases.length)
    expect(conformanceCases.filter((item) => item.failure).length).toBe(conformance.failed)
    expect(conformanceCases.filter((item) => item.skipped).length).toBe(conformance.skipped)
    expect(conformanceCases.filter((item) => !item.failure && !item.skipped).length).toBe(conformance.passed)
    const thresholdCases = (parsed.testsuite ?? []).find((suite) => suite.name === 'thresholds')?.testcase ?? []
    expect(thresholdCases.length).toBe(result.thresholds.length)
    expect(parsed.tests).toBe(conformance.cases.length + result.thresholds.length)
    expect(parsed.failures).toBe(conformance.failed + result.thresholds.filter((threshold) => !threshold.ok).length)
    for (const suite of parsed.testsuite ?? []) {
      expect(suite.tests).toBe(suite.testcase?.length)
      expect(suite.failures).toBe(suite.testcase?.filter((item) => item.failure).length)
      expect(new Set(suite.testcase?.map((item) => item.classname))).toEqual(new Set([suite.name]))
    }
    expect((parsed.testsuite ?? []).map((suite) => suite.name)).toContain('error-effects')
  })

  it('fails the broken rule with its evidence (delivery, ledger seqs) as text; skipped cases say why', async () => {
    const parsed = (await parse(renderJunit(result))) as TestSuites
    const broken = cases(parsed).find((item) => item.name?.startsWith('retry.none-after.dead-address '))!
    expect(broken.classname).toBe('error-effects')
    expect(broken.name).toMatch(/\(push-semantics\.md §/)
    const failure = broken.failure![0]!
    expect(failure.message).toMatch(/broke it/)
    expect(failure.inner).toMatch(/- attempt \d+ sent after the dead-address answer \d+ \[.*delivery [^,]+, ledger seq \d+, \d+/)
    const skipped = cases(parsed).filter((item) => item.skipped)
    expect(skipped.length).toBeGreaterThan(0)
    for (const item of skipped) expect(item.skipped![0]!.message).toMatch(/\w/)
  })

  it('escapes a hostile scenario name and evidence, and renders the same result to the same bytes', async () => {
    const conformance = result.conformance!
    const first = conformance.cases.find((item) => item.verdict === 'fail')!
    const hostile: RunResult = { ...result, scenario: { ...result.scenario, name: HOSTILE }, conformance: { ...conformance, cases: conformance.cases.map((item) => (item === first ? { ...first, evidence: [{ ...first.evidence[0]!, note: HOSTILE }], entries: [{ entry: 'codes-apns', runDir: 'runs/c/codes-apns', verdict: 'fail' as const, reason: 'x' }] } : item)) } }
    const xml = renderJunit(hostile)
    expect(xml).not.toContain('<script>')
    const parsed = (await parse(xml)) as TestSuites
    expect(parsed.name).toBe(`pushsim run ${HOSTILE.replace('\u0001', '\ufffd')}`)
    const failure = cases(parsed).find((item) => item.name === `${first.id} (${first.source.document} ${first.source.section})`)!.failure![0]!.inner
    expect(failure).toContain(HOSTILE.replace('\u0001', '\ufffd'))
    // A conformance suite's case names the catalogue entry whose run failed it.
    expect(failure).toContain('- entry codes-apns: fail — x (run directory runs/c/codes-apns)')
    expect(renderJunit(structuredClone(result))).toBe(renderJunit(result))
  })

  it('the same run’s wire series shows its faults: retries after a 429 with its Retry-After, retries after the 410 the dispatcher should not retry, hung exchanges against the §2 read timeout', () => {
    const wire = result.wire!
    const samples = wire.retrySpacing.samples
    expect(wire.retrySpacing.total).toBeGreaterThanOrEqual(samples.length)
    // The scenario's APNs 429s announce Retry-After: 3 (virtual seconds).
    expect(samples.some((sample) => sample.answer.startsWith('429') && sample.retryAfterMs === 3000 && sample.channel === 'apns')).toBe(true)
    expect(samples.filter((sample) => sample.retryAfterMs !== null).every((sample) => /^(429|503)/.test(sample.answer))).toBe(true)
    expect(samples.some((sample) => /^(410|404)/.test(sample.answer))).toBe(true)
    const abandoned = result.counters.exchanges.abandoned ?? 0
    expect(wire.timeouts.reduce((total, entry) => total + entry.total, 0)).toBe(abandoned)
    // Chrome hangs for its first 10 s: the dispatcher abandons those exchanges, held to §2's 10 s.
    expect(abandoned).toBeGreaterThan(0)
    expect(wire.timeouts.find((entry) => entry.channel === 'webpush-chrome')).toMatchObject({ declaredMs: 10_000, source: 'table' })
  })
})
