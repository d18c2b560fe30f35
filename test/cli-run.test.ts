/**
 * `pushsim run` as a user meets it: every problem of a bad scenario with its
 * path and exit 2, bad flags exit 2, an unreachable dispatcher exit 3, a
 * failed threshold exit 6 after the summary, and a passing run exit 0 with
 * run-result.json in --out, which `pushsim report` re-renders offline.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from './support/cli.ts'
import { tempDir } from './support/temp-dir.ts'

const dir = tempDir('pushsim-cli-run-')
const write = (name: string, text: string) => {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

const small = (thresholds: string) => `
name: cli-small
seed: cli
clock: { start: 2026-06-01T10:00:00Z, timeScale: 0.05 }
audience: { persons: 20, locales: en-US, devices: { channels: { fcm: 0.5, apns: 0.5 } } }
campaigns: [{ name: hello, template: { title: Hello } }]
workload: { phases: [{ name: go, executors: [{ executor: campaign, campaign: hello, rate: 100/s }] }] }
expectations: { thresholds: [${thresholds}] }
`

describe('pushsim run (CLI)', () => {
  it('a bad scenario: every problem with its path, exit 2, nothing started', async () => {
    const path = write('bad.yaml', `
name: bad
clock: { start: yesterday, timeScale: 3 }
audience: { persons: -1, devices: { channels: { apns: 0.7, fcm: 0.7 } } }
workload: { phases: [{ name: p, executors: [{ executor: campaign, campaign: nope, rate: fast }] }] }
`)
    const result = await runCli(['run', path, '--out', join(dir, 'never')])
    expect(result.code).toBe(2)
    for (const fragment of ['clock.start', 'clock.timeScale', 'audience.persons', 'audience.devices.channels', 'workload.phases[0].executors[0].campaign', 'workload.phases[0].executors[0].rate']) expect(result.err).toContain(fragment)
    expect(existsSync(join(dir, 'never'))).toBe(false)
  })

  it('bad flags exit 2 naming the flag', async () => {
    const path = write('ok.yaml', small('"rate(errors) < 0.5"'))
    expect(await runCli(['run', path, '--time-scale', '0'])).toMatchObject({ code: 2, err: expect.stringContaining('--time-scale') })
    expect(await runCli(['run', path, '--dispatcher', 'somewhere'])).toMatchObject({ code: 2, err: expect.stringContaining('--dispatcher') })
    expect(await runCli(['run', path, '--timeout', 'soon'])).toMatchObject({ code: 2, err: expect.stringContaining('--timeout') })
  })

  it('an unreachable dispatcher URL exits 3 naming it', async () => {
    const path = write('ok.yaml', small('"rate(errors) < 0.5"'))
    const result = await runCli(['run', path, '--dispatcher', 'http://127.0.0.1:9', '--out', join(dir, 'unreachable')])
    expect(result.code).toBe(3)
    expect(result.err).toContain('http://127.0.0.1:9')
  }, 30_000)

  it('a threshold that fails exits 6 after the summary; one that holds exits 0 with run-result.json in --out', async () => {
    const failing = await runCli(['run', write('fail.yaml', small('"count(sent) > 1000000"')), '--out', join(dir, 'fail')])
    expect(failing.code, failing.err).toBe(6)
    expect(failing.out).toContain('✗ count(sent) > 1000000')
    expect(failing.err).toContain('thresholds-failed')
    const passing = await runCli(['run', write('pass.yaml', small('"count(dropped_iterations) == 0"')), '--out', join(dir, 'pass'), '--seed', 'other'])
    expect(passing.code, passing.err).toBe(0)
    const result = JSON.parse(readFileSync(join(dir, 'pass', 'run-result.json'), 'utf8'))
    expect(result.scenario.seed).toBe('other')
    expect(result.status).toBe('passed')
    expect(passing.out).toContain(`run directory ${join(dir, 'pass')}`)
    // Re-rendered offline from the run result alone: the same summary, Markdown for a CI step, the result as JSON.
    const again = await runCli(['report', join(dir, 'pass')])
    expect(again.out).toBe(passing.out)
    const markdown = await runCli(['report', join(dir, 'pass', 'run-result.json'), '--format', 'markdown'])
    expect(markdown.out).toContain('## pushsim run `cli-small`: ✅ passed')
    expect(markdown.out).toMatch(/\| hello \(campaign\) \| \d+ \| \d+ \|/)
    expect(JSON.parse((await runCli(['report', join(dir, 'pass'), '--format', 'json'])).out)).toEqual(result)
    expect(await runCli(['report', join(dir, 'nowhere')])).toMatchObject({ code: 2 })
    expect(await runCli(['report', join(dir, 'pass'), '--format', 'pdf'])).toMatchObject({ code: 2, err: expect.stringContaining('--format') })
  }, 60_000)
})
