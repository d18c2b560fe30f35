/** `pushsim plan` as a child process: a summary and exit 0, or every problem with its path and exit 2. */
import { execFile } from 'node:child_process'
import { describe, expect, it } from 'vitest'

function pushsim(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'harness/cli/main.ts', ...args], { cwd: process.cwd(), timeout: 30_000 }, (error, out, err) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, out, err })
    })
  })
}

describe('pushsim plan', () => {
  it('prints what a scenario would run and exits 0', async () => {
    const { code, out, err } = await pushsim('plan', 'scenarios/library/storm-410.scenario.yaml')
    expect(err).toBe('')
    expect(code).toBe(0)
    expect(out).toMatch(/^scenario storm-410 {2}seed storm {2}start 2026-03-28T19:00:00.000Z/)
    expect(out).toMatch(/audience: 1500 persons .*~2250 devices/)
    expect(out).toMatch(/tokens: +valid 2138, unregistered 113/)
    expect(out).toMatch(/sale {2}at 2026-03-28T19:01:10.000Z \(\+1m10s\)/)
    expect(out).toMatch(/campaign spring-sale: 1500 persons at 200\/s over 8s/)
    expect(out).toMatch(/storm-429: rate-limit, from \+1m15s to \+1m30s/)
    expect(out).toMatch(/campaign spring-sale: \d+ deliveries to 1500 qualified persons, 75 held out/)
    expect(out).toMatch(/thresholds: p99\(send_latency\) < 2s; rate\(errors\) < 0.01; throughput > 100\/s/)
  })

  it('prints JSON with --json, and --seed overrides the seed', async () => {
    const { code, out } = await pushsim('plan', 'scenarios/library/quickstart.scenario.ts', '--json', '--seed', '7')
    expect(code).toBe(0)
    const summary = JSON.parse(out)
    expect(summary).toMatchObject({ name: 'quickstart', seed: '7', audience: { persons: 200 }, faults: [] })
    expect(summary.phases[0]).toMatchObject({ name: 'launch', at: '2026-03-02T08:00:00.000Z', arrivals: 280 })
    expect(summary.expected.campaigns.welcome).toMatchObject({ qualified: 200, controlGroup: 20 })
  })

  it('exits 2 naming every problem of a broken scenario with its path', async () => {
    const { code, out, err } = await pushsim('plan', 'test/fixtures/scenarios/broken.scenario.yaml')
    expect(code).toBe(2)
    expect(out).toBe('')
    expect(err).toMatch(/Failed to load the scenario .*broken\.scenario\.yaml: \d+ problems:/)
    expect(err).toContain('  audience.devices.channels.webpush-safari: shares must sum to 1 (got 1.2)')
    expect(err).toContain('  faults[0].attributes.capacity: required')
    expect(err).toContain('  workload.phases[0].executors[0].campaign: no campaign named "welcom" (did you mean welcome?)')
  })

  it('exits 2 for a file it cannot read', async () => {
    const { code, err } = await pushsim('plan', 'no/such.scenario.yaml')
    expect(code).toBe(2)
    expect(err).toMatch(/\(scenario\): Failed to read no\/such\.scenario\.yaml/)
  })
})
