/**
 * The reports a run leaves: `pushsim run` with a threshold that fails writes
 * all five formats into its run directory and only then exits 6; `pushsim
 * report <run> --format X` re-renders each of them byte for byte, to
 * standard output or --out; the run result with its new parts (the oracle's
 * figures per campaign, the wire series) validates against its schema, and
 * those parts agree with the run's own counters.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Ajv2020 from 'ajv/dist/2020.js'
import { beforeAll, describe, expect, it } from 'vitest'
import type { RunResult } from '../harness/result/run-result.ts'
import { FORMATS, REPORT_FILES, renderFormat } from '../reports/formats.ts'
import { runCli } from './support/cli.ts'
import { tempDir } from './support/temp-dir.ts'

const SCENARIO = `
name: report-files
seed: report-files
clock: { start: 2026-06-01T10:00:00Z, timeScale: 0.1 }
audience: { persons: 40, locales: en-US, devices: { channels: { fcm: 0.4, apns: 0.4, webpush-firefox: 0.2 }, tokens: { valid: 0.75, unregistered: 0.25 } } }
campaigns: [{ name: hello, template: { title: Hello, deepLink: "https://x.example/a" } }]
workload: { phases: [{ name: go, executors: [{ executor: campaign, campaign: hello, rate: 100/s }] }] }
expectations: { thresholds: ["count(sent) > 1000000"] }
`

describe('the reports of a run', () => {
  const dir = tempDir('report-files-')
  const runDir = join(dir, 'run')
  let run: { code: number; out: string; err: string }
  let result: RunResult
  beforeAll(async () => {
    const path = join(dir, 'report-files.yaml')
    writeFileSync(path, SCENARIO)
    run = await runCli(['run', path, '--out', runDir, '--timeout', '90'])
    result = JSON.parse(readFileSync(join(runDir, 'run-result.json'), 'utf8')) as RunResult
  }, 120_000)

  it('a failing threshold exits 6, after every format was written', () => {
    expect(run.code, run.err).toBe(6)
    for (const format of FORMATS) expect(existsSync(join(runDir, REPORT_FILES[format])), format).toBe(true)
    expect(readFileSync(join(runDir, 'summary.txt'), 'utf8')).toBe(run.out)
    // The console summary: errors by dashboard code (410s and 404s here) and verdicts by rule family.
    expect(run.out).toMatch(/\n {2}errors {5}\w+ ×\d+.* \(oracle, by dashboard code\)\n/)
    expect(run.out).toMatch(/\n {2}by family {2}[✓✗–] [\w-]+ \d+\/\d+/)
    expect(readFileSync(join(runDir, 'report.md'), 'utf8')).toContain('`report.html` in the run directory')
    expect(readFileSync(join(runDir, 'report.html'), 'utf8')).toContain('✗ <code>count(sent) &gt; 1000000</code>')
    expect(readFileSync(join(runDir, 'junit.xml'), 'utf8')).toContain('<testsuite name="thresholds" tests="1" failures="1"')
  })

  it('pushsim report re-renders every format as the run wrote it, to stdout or --out', async () => {
    for (const format of FORMATS) {
      const written = readFileSync(join(runDir, REPORT_FILES[format]), 'utf8')
      const again = await runCli(['report', runDir, '--format', format])
      expect(again.code, again.err).toBe(0)
      expect(again.out === written, `${format} re-rendered differs`).toBe(true)
    }
    const out = join(dir, 'again.html')
    const toFile = await runCli(['report', join(runDir, 'run-result.json'), '--format', 'html', '--out', out])
    expect(toFile).toMatchObject({ code: 0, out: '' })
    expect(toFile.err).toContain(out)
    expect(readFileSync(out, 'utf8') === readFileSync(join(runDir, 'report.html'), 'utf8')).toBe(true)
    expect(await runCli(['report', runDir, '--format', 'pdf'])).toMatchObject({ code: 2, err: expect.stringContaining('junit, html') })
  }, 60_000)

  it('the run result validates against its schema, and its oracle figures and wire series agree with its counters', () => {
    const validate = new Ajv2020.default({ allErrors: true, strict: false, validateFormats: false }).compile(JSON.parse(readFileSync('docs/run-result.schema.json', 'utf8')))
    validate(result)
    expect(validate.errors ?? []).toEqual([])
    const [campaign] = result.campaigns
    const oracle = campaign!.oracle!
    expect(oracle.overall.sent).toBe(result.counters.acceptedOnWire)
    // Every bounce is an error row of its channel, with the provider's answer behind it.
    expect(result.counters.bounced).toBeGreaterThan(0)
    expect(oracle.errors.reduce((total, row) => total + row.count, 0)).toBe(result.counters.bounced + result.counters.failed)
    // An answer is a status and its reason, how the exchange ended without one, or `none` (no exchange failed).
    for (const row of oracle.errors) expect(Object.keys(row.answers).every((answer) => /^([45]\d\d( .+)?|none|[a-z-]+)$/.test(answer)), JSON.stringify(row)).toBe(true)
    expect(oracle.errors.some((row) => Object.keys(row.answers).some((answer) => answer.startsWith('410') || answer.startsWith('404')))).toBe(true)
    const wire = result.wire!
    const points = wire.throughput.points
    expect(points.reduce((total, point) => total + point.exchanges, 0)).toBe(Object.values(result.counters.exchanges).reduce((total, count) => total + count, 0))
    expect(points.reduce((total, point) => total + point.accepted, 0)).toBe(result.counters.acceptedOnWire + result.counters.acceptedAgainOnWire)
    expect(Object.values(wire.attempts).reduce((total, count) => total + count, 0)).toBe(result.counters.onWire)
  })

  it('renders a run result written before the oracle figures and wire series existed', () => {
    const { wire: _wire, ...older } = result
    const old: RunResult = { ...older, campaigns: result.campaigns.map(({ oracle: _oracle, variants: _variants, ...campaign }) => campaign) }
    for (const format of FORMATS) expect(renderFormat(old, format, runDir).length, format).toBeGreaterThan(100)
    const html = renderFormat(old, 'html', runDir)
    expect(html).toContain('The oracle’s figures are not in this run result')
    expect(html).toContain('This run result has no wire series')
  })
})
