/**
 * The oracle end to end: a small scenario with 410s, a 429 window with
 * Retry-After, an outage and hung exchanges, run against the reference
 * dispatcher, verifies clean (and exercises the retry, Retry-After, timeout
 * and classification cases); the same scenario against a dispatcher with
 * one rule broken fails exactly the case for that rule; `pushsim verify`
 * exits 0, 8 or 2 accordingly.
 */
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { CaseResult } from '../harness/oracle/case.ts'
import { verifyRun } from '../harness/oracle/verify.ts'
import { runScenario, writeRunResult } from '../harness/run/run.ts'
import { startBrokenDispatcher, simulatorPorts, type Breakage } from './support/broken-dispatcher.ts'
import { runCli } from './support/cli.ts'
import { oracleScenarioPlan } from './support/oracle-scenario.ts'
import { tempDir } from './support/temp-dir.ts'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function verified(dir: string): Promise<CaseResult[]> {
  const result = await verifyRun(dir)
  if (!result.ok) throw new Error(result.error)
  return result.value
}

const verdictOf = (cases: CaseResult[], id: string) => cases.find((result) => result.id === id)!.verdict
const failures = (cases: CaseResult[]) => cases.filter((result) => result.verdict === 'fail').map((result) => `${result.id}: ${result.reason}`)

async function runAgainstBroken(breakage: Breakage): Promise<{ dir: string; cases: CaseResult[] }> {
  const dir = tempDir(`oracle-${breakage}-`)
  const stateDir = join(dir, 'simulators')
  const { ports, providers } = await simulatorPorts(stateDir, breakage)
  const broken = await startBrokenDispatcher(breakage, { database: join(dir, 'dispatcher.db'), seed: breakage, providers, http: { host: '127.0.0.1', port: 0 } })
  cleanups.push(() => broken.close())
  const result = await runScenario({ plan: oracleScenarioPlan(), source: 'inline', sourceText: breakage, outDir: dir, dispatcher: { mode: 'external', url: broken.server.url }, ports, stateDir, wallLimitMs: 90_000 })
  writeRunResult(dir, result)
  return { dir, cases: await verified(dir) }
}

describe('the oracle on runs of the reference dispatcher', () => {
  let dir: string
  let cases: CaseResult[]
  beforeAll(async () => {
    dir = tempDir('oracle-reference-')
    const result = await runScenario({ plan: oracleScenarioPlan(), source: 'inline', sourceText: 'oracle', outDir: dir, dispatcher: { mode: 'in-process' }, wallLimitMs: 90_000 })
    expect(result.status, result.message).toBe('passed')
    writeRunResult(dir, result)
    cases = await verified(dir)
  }, 120_000)

  it('no case fails, and the retry, Retry-After, timeout and classification cases were exercised', () => {
    expect(failures(cases), JSON.stringify(cases.filter((result) => result.verdict === 'fail'), null, 1)).toEqual([])
    for (const id of ['retry.limit.apns', 'retry.limit.webpush-firefox', 'retry.none-after.dead-address', 'retry.retry-after.honoured', 'timeout.read.webpush-chrome', 'delivery.no-duplicate-accept', 'delivery.no-send-after-ttl', 'classification.dashboard-code']) {
      expect(verdictOf(cases, id), id).toBe('pass')
    }
    expect(cases.find((result) => result.id === 'retry.retry-after.honoured')!.checked).toBeGreaterThan(10)
  })

  it('pushsim verify prints each case and a summary, exits 0; --json and --only select; a missing run directory exits 2', async () => {
    const text = await runCli(['verify', dir])
    expect(text.code, text.err).toBe(0)
    expect(text.out).toMatch(/✓ {2}retry\.retry-after\.honoured +a retry waits .* \(checked \d+\)/)
    expect(text.out).toMatch(/– {2}retry\.limit\.webpush-safari[^\n]*\n {5}skipped: nothing in this run/)
    expect(text.out).toMatch(/\d+ passed, 0 failed, \d+ skipped \(\d+ cases\)\n$/)
    const json = await runCli(['verify', dir, '--json', '--only', 'retry.limit.*'])
    expect((JSON.parse(json.out) as CaseResult[]).map((result) => result.id)).toEqual(['retry.limit.apns', 'retry.limit.fcm', 'retry.limit.webpush-chrome', 'retry.limit.webpush-firefox', 'retry.limit.webpush-kaios', 'retry.limit.webpush-safari'])
    const missing = await runCli(['verify', join(dir, 'nope')])
    expect(missing.code).toBe(2)
    expect(missing.err).toMatch(/not a directory/)
  })
})

describe('the oracle must be able to fail', () => {
  it('a dispatcher that retries after a dead-address 410 fails retry.none-after.dead-address, and only that; pushsim verify exits 8', async () => {
    const { dir, cases } = await runAgainstBroken('retries-dead-address')
    expect(failures(cases).map((line) => line.split(':')[0])).toEqual(['retry.none-after.dead-address'])
    const failed = cases.find((result) => result.id === 'retry.none-after.dead-address')!
    expect(failed.evidence[0]!.seq!.length).toBe(2)
    const text = await runCli(['verify', dir])
    expect(text.code).toBe(8)
    expect(text.out).toMatch(/✗ {2}retry\.none-after\.dead-address[\s\S]*- attempt \d+ sent after the dead-address answer \d+/)
    expect(text.err).toMatch(/1 case failed/)
  }, 120_000)

  it('a dispatcher that ignores Retry-After fails retry.retry-after.honoured, and only that', async () => {
    const { cases } = await runAgainstBroken('ignores-retry-after')
    expect(failures(cases).map((line) => line.split(':')[0])).toEqual(['retry.retry-after.honoured'])
  }, 120_000)
})
