/**
 * `pushsim run` end to end: the quickstart scenario against the reference
 * dispatcher, with real simulators, real sockets and simulated devices.
 * The run result's counts add up, it validates against its schema, and the
 * same seed twice gives the same device decisions and the same counts.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import Ajv2020 from 'ajv/dist/2020.js'
import { beforeAll, describe, expect, it } from 'vitest'
import { isDeviceLine, readLedger } from '../simulators/ledger/reader.ts'
import { loadScenario } from '../scenarios/load.ts'
import { runScenario } from '../harness/run/run.ts'
import type { RunResult } from '../harness/result/run-result.ts'
import { expectSettled } from './support/run-assertions.ts'
import { tempDir } from './support/temp-dir.ts'

const SCENARIO = 'scenarios/library/quickstart.scenario.ts'

async function runQuickstart(): Promise<{ result: RunResult; dir: string }> {
  const loaded = await loadScenario(SCENARIO, { timeScale: 0.05 })
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems))
  const dir = tempDir('pushsim-run-')
  const result = await runScenario({ plan: loaded.plan, source: SCENARIO, sourceText: readFileSync(SCENARIO, 'utf8'), outDir: dir, dispatcher: { mode: 'in-process' }, wallLimitMs: 120_000 })
  return { result, dir }
}

async function decisionsOf(dir: string, ledger: string): Promise<string[]> {
  const decisions: string[] = []
  for await (const line of readLedger(join(dir, ledger))) {
    if (!isDeviceLine(line) || line.entry.event !== 'decision') continue
    const { deliveryId, deviceId, decision, due, virtualAt } = line.entry as unknown as { deliveryId: string; deviceId: string; decision: unknown; due: Record<string, string>; virtualAt: string }
    // Due instants relative to receipt: when a push was received depends on the wall, what the device decided must not.
    const after = Object.fromEntries(Object.entries(due).map(([report, at]) => [report, Date.parse(at) - Date.parse(virtualAt)]))
    decisions.push(JSON.stringify({ deliveryId, deviceId, decision, after }))
  }
  return decisions.sort()
}

describe('pushsim run: the quickstart scenario', () => {
  let first: { result: RunResult; dir: string }
  let second: { result: RunResult; dir: string }
  beforeAll(async () => {
    first = await runQuickstart()
    second = await runQuickstart()
  }, 240_000)

  it('settles, and the dispatcher’s counts add up: planned = accepted + bounced + failed + suppressed + expired; reports ≤ accepted', () => {
    const { result } = first
    expectSettled(result, ['passed', 'thresholds-failed'])
    const c = result.counters
    expect(c.planned).toBeGreaterThan(200)
    expect(c.reports.delivered).toBeGreaterThan(0)
    expect(c.reports.opened).toBeLessThanOrEqual(c.reports.received)
    expect(c.untrackedExchanges).toBe(0)
    expect(result.histograms.send_latency!.count).toBe(c.acceptedOnWire)
  })

  it('writes a run result that validates against docs/run-result.schema.json', () => {
    const ajv = new Ajv2020.default({ allErrors: true, strict: false })
    const validate = ajv.compile(JSON.parse(readFileSync('docs/run-result.schema.json', 'utf8')))
    const valid = validate(JSON.parse(JSON.stringify(first.result)))
    expect(validate.errors ?? []).toEqual([])
    expect(valid).toBe(true)
  })

  it('the same scenario and seed give the same device decisions and the same counts', async () => {
    // Which message a conversion goes to ("the nearest before it", §7) follows the send order of two messages to one
    // person, which wall jitter may swap: Delivered, Opened and Converted are compared as one count (the device
    // decisions above are compared one by one).
    const opened = ({ Delivered = 0, Opened = 0, Converted = 0, ...rest }: Record<string, number>) => ({ ...rest, reported: Delivered + Opened + Converted })
    const strip = (result: RunResult) => ({
      counters: { ...result.counters, exchanges: undefined, throughput: undefined },
      campaigns: result.campaigns.map((campaign) => ({ name: campaign.name, states: campaign.states, statuses: opened(campaign.statuses) })),
    })
    expect(strip(second.result)).toEqual(strip(first.result))
    const [a, b] = await Promise.all([decisionsOf(first.dir, first.result.ledger), decisionsOf(second.dir, second.result.ledger)])
    expect(a.length).toBe(first.result.counters.reports.received)
    expect(b).toEqual(a)
  })
})
