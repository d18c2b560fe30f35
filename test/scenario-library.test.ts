/**
 * Every scenario of scenarios/library, run end to end at its own time scale
 * (the reference dispatcher in process; kill-restart as a child process),
 * one after another. Each must settle with its counts adding up, and show
 * the property it rehearses, read from the run result or the ledger.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isExchangeLine, readLedger } from '../simulators/ledger/reader.ts'
import type { LedgerEntry } from '../simulators/ledger/entry.ts'
import { loadScenario } from '../scenarios/load.ts'
import { runScenario } from '../harness/run/run.ts'
import { virtualTime } from '../harness/oracle/virtual-time.ts'
import type { RunResult } from '../harness/result/run-result.ts'
import { expectSettled } from './support/run-assertions.ts'
import { writeReports } from '../reports/formats.ts'
import { tempDir } from './support/temp-dir.ts'

const LIBRARY = 'scenarios/library'

interface Run {
  result: RunResult
  /** Exchanges with their virtual start (the ledger's startedAt is wall time). */
  exchanges: (LedgerEntry & { virtualMs: number })[]
}

async function run(file: string, mode: 'in-process' | 'child' = 'in-process', timeScale?: number): Promise<Run> {
  const path = join(LIBRARY, file)
  const loaded = await loadScenario(path, timeScale === undefined ? {} : { timeScale })
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems))
  const dir = tempDir(`pushsim-lib-${loaded.plan.name}-`)
  const result = await runScenario({ plan: loaded.plan, source: path, sourceText: readFileSync(path, 'utf8'), outDir: dir, dispatcher: { mode }, wallLimitMs: 60_000 })
  // Every library run renders all five formats (issue 12), the HTML report self-contained and under 2 MB.
  const written = writeReports(dir, result)
  for (const path of Object.values(written)) expect(statSync(path).size, path).toBeGreaterThan(0)
  expect(statSync(written.html).size, written.html).toBeLessThan(2 * 1024 * 1024)
  const exchanges: Run['exchanges'] = []
  // The run clock's wall → virtual map, from the segments the run result keeps.
  const virtual = virtualTime(result.clock.segments)
  for await (const line of readLedger(join(dir, result.ledger))) if (isExchangeLine(line)) exchanges.push({ ...line.entry, virtualMs: virtual.at(Date.parse(line.entry.startedAt)) })
  return { result, exchanges }
}



/** A push the provider took (not an OAuth token request, which has no target). */
const ok = (entry: LedgerEntry) => entry.request.path !== '/token' && entry.response.status >= 200 && entry.response.status < 300
const localHour = (ms: number, zone: string) => {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hourCycle: 'h23', hour: 'numeric', minute: 'numeric' }).formatToParts(ms)
  return Number(parts.find((part) => part.type === 'hour')!.value) + Number(parts.find((part) => part.type === 'minute')!.value) / 60
}

describe('the scenario library', { timeout: 60_000 }, () => {
  it('holds one file per scenario of issue 10 §5, each of which loads', async () => {
    const files = readdirSync(LIBRARY).sort()
    expect(files.length).toBe(14)
    for (const file of files) {
      const loaded = await loadScenario(join(LIBRARY, file))
      expect(loaded.ok ? [] : loaded.problems, file).toEqual([])
    }
  })

  // quickstart runs twice in test/run-quickstart.test.ts (counts, schema, the same decisions for the same seed).

  it('storm-410: bounces are the unregistered share of tokens', async () => {
    const r = await run('storm-410.scenario.yaml')
    expectSettled(r.result, ['passed', 'thresholds-failed'])
    const c = r.result.counters
    // 5% of tokens are unregistered; the transactional sends pick persons at random, so the share is near, not exact.
    expect(c.bounced / c.planned).toBeGreaterThan(0.03)
    expect(c.bounced / c.planned).toBeLessThan(0.07)
    expect(c.exchanges['answered 410'] ?? 0).toBeGreaterThan(0)
  })

  it('first-410 (the README tour): each dead token is sent once, bounced, and never retried', async () => {
    const r = await run('first-410.scenario.yaml')
    expectSettled(r.result)
    const dead = r.result.plan.tokenStates['unregistered'] ?? 0
    expect(dead).toBeGreaterThan(0)
    expect(r.result.counters.bounced).toBe(dead)
    const deadAnswers = r.exchanges.filter((entry) => entry.response.status === 410 || entry.response.status === 404)
    expect(deadAnswers).toHaveLength(dead)
    expect(new Set(deadAnswers.map((entry) => entry.target)).size).toBe(dead)
  })

  it('storm-429: 429s with Retry-After, and every delivery accepted in the end', async () => {
    const r = await run('storm-429.scenario.yaml')
    expectSettled(r.result)
    expect(r.result.counters.exchanges['answered 429']).toBeGreaterThan(50)
    expect(r.result.counters.accepted).toBe(r.result.counters.planned)
    const limited = r.exchanges.filter((entry) => entry.response.status === 429)
    expect(new Set(limited.map((entry) => entry.provider))).toEqual(new Set(['apns', 'fcm']))
    expect(limited.every((entry) => entry.response.headers['retry-after'] === '3')).toBe(true)
  })

  it('fcm-quota: 429 RESOURCE_EXHAUSTED with QUOTA_EXCEEDED and a QuotaFailure, then everything accepted', async () => {
    const r = await run('fcm-quota.scenario.yaml')
    expectSettled(r.result)
    const quota = r.exchanges.filter((entry) => entry.response.status === 429)
    expect(quota.length).toBeGreaterThan(0)
    for (const entry of quota) expect(entry.response.body).toMatch(/RESOURCE_EXHAUSTED[\s\S]*QUOTA_EXCEEDED[\s\S]*QuotaFailure/)
    expect(r.result.counters.accepted).toBe(r.result.counters.planned)
  })

  it('goaway-every-1000: GOAWAYs seen, nothing lost or sent twice', async () => {
    const r = await run('goaway-every-1000.scenario.yaml')
    expectSettled(r.result)
    expect(r.exchanges.filter((entry) => entry.delivery === 'goaway').length).toBeGreaterThanOrEqual(2)
    const c = r.result.counters
    expect(c.accepted).toBe(c.planned)
    expect(c.onWire).toBe(c.planned)
  })

  it('outage: 503s inside the window, then those deliveries accepted', async () => {
    const r = await run('outage.scenario.yaml')
    expectSettled(r.result)
    const blast = Date.parse(r.result.phases[0]!.startedAt!)
    const unavailable = r.exchanges.filter((entry) => entry.response.status === 503)
    expect(unavailable.length).toBeGreaterThan(0)
    // Virtual times are measured from the ledger's wall stamps: a few ms of slack at each edge.
    for (const entry of unavailable) expect(entry.virtualMs - blast).toBeGreaterThan(3_000 - 200)
    const retried = new Set(unavailable.map((entry) => entry.target))
    const recovered = r.exchanges.filter((entry) => ok(entry) && retried.has(entry.target) && entry.virtualMs - blast >= 8_000 - 200)
    expect(recovered.length).toBeGreaterThan(0)
    expect(r.result.counters.accepted).toBe(r.result.counters.planned)
  })

  it('token-expiry: 403 ExpiredProviderToken and 401 UNAUTHENTICATED only after the jump, a new OAuth token, and acceptance', async () => {
    const r = await run('token-expiry.scenario.ts')
    expectSettled(r.result)
    const jump = Date.parse(r.result.phases[1]!.startedAt!)
    const refused = r.exchanges.filter((entry) => entry.response.status === 401 || entry.response.status === 403)
    expect(refused.some((entry) => entry.reason === 'ExpiredProviderToken')).toBe(true)
    expect(refused.some((entry) => entry.response.status === 401 && entry.response.body.includes('UNAUTHENTICATED'))).toBe(true)
    for (const entry of refused) expect(entry.virtualMs).toBeGreaterThanOrEqual(jump - 200)
    // The dispatcher fetched a fresh FCM access token after the jump (its old one had lived out its hour).
    expect(r.exchanges.some((entry) => entry.request.path === '/token' && entry.virtualMs >= jump - 200 && entry.response.status === 200)).toBe(true)
    expect(r.result.counters.failed).toBe(0)
    expect(r.result.counters.accepted).toBe(r.result.counters.planned)
  })

  it('dnd-dst: every accepted delivery is outside 21:00–09:00 Berlin time across the DST change', async () => {
    const r = await run('dnd-dst.scenario.ts')
    expectSettled(r.result)
    const accepted = r.exchanges.filter(ok)
    expect(accepted.length).toBe(r.result.counters.accepted)
    for (const entry of accepted) {
      const hour = localHour(entry.virtualMs, 'Europe/Berlin')
      expect(hour >= 9 - 0.01 && hour < 21, `${new Date(entry.virtualMs).toISOString()} is ${hour}h in Berlin`).toBe(true)
    }
    // 09:00 CEST on the 29th is 07:00 UTC: the delay ends at local 09:00, not 11 hours after 22:00 CET.
    expect(Math.min(...accepted.map((entry) => entry.virtualMs))).toBeLessThan(Date.parse('2026-03-29T07:05:00Z'))
    expect(r.result.counters.suppressed).toBe(0)
  })

  it('ab-control: the control group and the variant split near their shares', async () => {
    const r = await run('ab-control.scenario.yaml')
    expectSettled(r.result)
    const metrics = r.result.campaigns[0]!.metrics as { qualified: number; controlGroup: number }
    expect(metrics.controlGroup / metrics.qualified).toBeGreaterThan(0.16)
    expect(metrics.controlGroup / metrics.qualified).toBeLessThan(0.24)
    // APNs and FCM bodies carry the title in clear: count the arms on the wire.
    const arms = { A: 0, B: 0, C: 0 }
    for (const entry of r.exchanges.filter((one) => ok(one) && one.provider !== 'webpush')) {
      if (entry.request.body.includes('Autumn deals inside')) arms.B++
      else if (entry.request.body.includes('Last chance')) arms.C++
      else arms.A++
    }
    const total = arms.A + arms.B + arms.C
    expect(arms.A / total).toBeCloseTo(0.5, 1)
    expect(arms.B / total).toBeCloseTo(0.3, 1)
    expect(arms.C / total).toBeCloseTo(0.2, 1)
  })

  it('safari-only: every delivery accepted with its deep link; views unknown; a variant without a deep link is refused at load', async () => {
    const r = await run('safari-only.scenario.yaml')
    expectSettled(r.result)
    expect(r.result.counters.accepted).toBe(r.result.counters.planned)
    expect(r.exchanges.every((entry) => entry.flavour === 'safari')).toBe(true)
    expect((r.result.campaigns[0]!.metrics as { ctr: number | null }).ctr).toBeNull()
    const loaded = await loadScenario(join(LIBRARY, 'safari-only.scenario.yaml'))
    if (!loaded.ok) throw new Error('safari-only must load')
    expect(loaded.plan.campaigns[0]!.variants.every((variant) => variant.template.deepLink !== undefined)).toBe(true)
    const { readScenarioFile } = await import('../scenarios/load.ts')
    const raw = await readScenarioFile(join(LIBRARY, 'safari-only.scenario.yaml'))
    if (!raw.ok) throw new Error(raw.message)
    const broken = structuredClone(raw.value) as { campaigns: { variants: { template?: { deepLink?: string } }[] }[] }
    delete broken.campaigns[0]!.variants[1]!.template!.deepLink
    const refused = await loadScenario(broken)
    expect(refused.ok ? [] : refused.problems.map((problem) => problem.path)).toEqual([expect.stringContaining('campaigns[0].variants[1].template')])
  })

  it('month-of-dailies: trends cover ~30 days, 5 weeks, one month', async () => {
    const r = await run('month-of-dailies.scenario.ts')
    expectSettled(r.result)
    const periods = (kind: 'day' | 'week' | 'month') => new Set(r.result.campaigns.flatMap((campaign) => (campaign.trends[kind] as { period: string }[]).map((row) => row.period)))
    expect(periods('day').size).toBeGreaterThanOrEqual(30)
    expect(periods('week').size).toBeGreaterThanOrEqual(5)
    expect(periods('month').size).toBe(1)
  })

  it('transactional-ramp: past capacity, arrivals dropped or latency bent (its p99 threshold is meant to fail)', async () => {
    const r = await run('transactional-ramp.scenario.ts')
    expectSettled(r.result, ['passed', 'thresholds-failed'])
    const latency = r.result.histograms.send_latency!
    expect(r.result.counters.droppedIterations > 0 || latency.p99! > 2 * latency.p50!).toBe(true)
  })

  it('kill-restart: the child was killed -9 and restarted, and nothing was lost', async () => {
    const r = await run('kill-restart.scenario.yaml', 'child')
    expectSettled(r.result)
    expect(r.result.notes.some((note) => note.includes('killed with SIGKILL'))).toBe(true)
    expect(r.result.notes.some((note) => note.includes('restarted on the same database'))).toBe(true)
    const c = r.result.counters
    expect(c.accepted).toBe(c.planned)
    expect(c.planned).toBe(r.result.plan.devices)
  })
})
