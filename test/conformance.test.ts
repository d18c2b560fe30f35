/**
 * `pushsim conformance` end to end: --list needs no sockets and names every
 * case with the entries covering it; the whole catalogue against the
 * reference dispatcher is green, as one run result with each case's
 * entries and the interpretations used; and a broken dispatcher served on
 * loopback, passed as --dispatcher URL, fails the suite (exit 8) naming the
 * case for its break.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_INTERPRETATIONS } from '../harness/oracle/interpretations.ts'
import type { RunResult } from '../harness/result/run-result.ts'
import { REPORT_FILES } from '../reports/formats.ts'
import { simulatorPorts, startBrokenDispatcher } from './support/broken-dispatcher.ts'
import { runCli } from './support/cli.ts'
import { tempDir } from './support/temp-dir.ts'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

const resultIn = (dir: string) => JSON.parse(readFileSync(join(dir, 'run-result.json'), 'utf8')) as RunResult

describe('pushsim conformance --list, --only, --interpretation', () => {
  it('lists every case by rule set with its source and covering entries, and the interpretations', async () => {
    const { code, out } = await runCli(['conformance', '--list'])
    expect(code).toBe(0)
    expect(out).toMatch(/^timeouts-retries: timeouts and retry limits per channel/m)
    expect(out).toMatch(/^ {2}retry\.limit\.webpush-safari\n {6}at most 1 \+ 3 attempts per webpush-safari delivery — push-semantics\.md §2\n {6}entries: .*limits-webpush-safari/m)
    expect(out).toMatch(/^ {2}retry\.backoff\.grows \(strict\)$/m)
    expect(out).toMatch(/^ {2}classification\.dashboard-code\n.*\n {6}entries: codes-apns, codes-fcm/m)
    expect(out).toMatch(/^ {2}retry-limit \(§2\): what "retry limit N" bounds\n {6}retries: .*\n {6}attempts: /m)
    expect(out).toMatch(/^\d+ cases, \d+ catalogue entries, \d+ uncovered$/m)
  })

  it('--only narrows the list; a pattern matching nothing, or a bad interpretation, is a usage error (exit 2)', async () => {
    const only = await runCli(['conformance', '--list', '--only', 'retry.limit.*'])
    expect(only.code).toBe(0)
    expect(only.out.match(/^ {2}retry\.limit\.\S+$/gm)).toHaveLength(6)
    expect(only.out).not.toMatch(/timeout\.read/)
    const nothing = await runCli(['conformance', '--only', 'retry.limits.apns'])
    expect(nothing.code).toBe(2)
    expect(nothing.err).toMatch(/No case id matches --only retry\.limits\.apns \(did you mean retry\.limit\.apns\?\)/)
    const bad = await runCli(['conformance', '--list', '--interpretation', 'bounced-mixed=bouncd'])
    expect(bad.code).toBe(2)
    expect(bad.err).toMatch(/no value "bouncd" \(did you mean bounced\?\)/)
  })
})

describe('pushsim conformance against the reference dispatcher', () => {
  it('the whole catalogue is green: one run result, every entry passed, each case with the entries that judged it', async () => {
    const out = tempDir('conformance-reference-')
    const started = Date.now()
    const { code, err } = await runCli(['conformance', '--out', out, '--json'])
    const result = resultIn(out)
    const conformance = result.conformance!
    // What this machine took, for the record (no assertion on time).
    process.stderr.write(`conformance: ${conformance.entries!.length} entries in ${((Date.now() - started) / 1000).toFixed(1)} s wall\n`)
    // A strict case (behaviour the law only recommends) may fail without failing the suite; it is then in the notes.
    const failed = conformance.cases.filter((c) => c.verdict === 'fail' && c.strict !== true)
    expect(failed.map((c) => `${c.id}: ${c.reason}`), err).toEqual([])
    for (const strict of conformance.cases.filter((c) => c.verdict === 'fail' && c.strict === true)) expect(result.notes.join('\n')).toContain(`strict case ${strict.id} failed`)
    expect(conformance.entries!.filter((entry) => entry.status !== 'passed').map((entry) => `${entry.id}: ${entry.reason}`)).toEqual([])
    expect(code).toBe(0)
    expect(result.status).toBe('passed')
    expect(result.scenario.name).toBe('conformance')
    expect(conformance.interpretations).toEqual(DEFAULT_INTERPRETATIONS)
    expect(conformance.strict).toBe(false)
    // Every rule family of the catalogue was exercised, not skipped.
    for (const id of ['classification.dashboard-code', 'retry.none-after.dead-address', 'retry.none-after.bad-message', 'retry.retry-after.honoured', 'retry.limit.apns', 'retry.limit.webpush-safari', 'timeout.read.webpush-safari', 'timeout.read.fcm', 'delivery.no-duplicate-accept', 'delivery.no-send-after-ttl', 'delivery.no-send-after-cutoff', 'delivery.no-send-to-suppressed', 'aggregation.person-status.last-device', 'aggregation.person-status.all-devices', 'aggregation.device-last-status', 'rules.unsubscribed-persons', 'metrics.web.ctr', 'metrics.mobile.clickThroughConversion', 'metrics.person-status.errorRate', 'metrics.trends.week']) {
      expect(conformance.cases.find((c) => c.id === id)?.verdict, id).toBe('pass')
    }
    const dashboard = conformance.cases.find((c) => c.id === 'classification.dashboard-code')!
    expect(dashboard.entries!.map((e) => e.entry)).toContain('codes-webpush-kaios')
    expect(dashboard.entries!.every((e) => e.runDir.startsWith(join(out, 'entries')))).toBe(true)
    // The suite wrote its reports beside its run result, JUnit for CI among them.
    for (const file of Object.values(REPORT_FILES)) expect(existsSync(join(out, file)), file).toBe(true)
    expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toContain('<testcase')
    // The kill -9 entry ran with its dispatcher as a child, and killed it.
    expect(resultIn(join(out, 'entries', 'kill-restart')).notes.join('\n')).toMatch(/killed with SIGKILL/)
  }, 600_000)
})

describe('pushsim conformance against a broken dispatcher at --dispatcher URL', () => {
  it('one that retries after a dead address fails the suite with exit 8, naming retry.none-after.dead-address', async () => {
    const dir = tempDir('conformance-broken-')
    const stateDir = join(dir, 'simulators')
    // The dispatcher takes the simulators' ports and credentials when it starts; each entry then serves on them.
    const { ports, providers } = await simulatorPorts(stateDir, 'conformance-broken')
    const broken = await startBrokenDispatcher('retries-dead-address', { database: join(dir, 'dispatcher.db'), seed: 'conformance-broken', providers, http: { host: '127.0.0.1', port: 0 } })
    cleanups.push(() => broken.close())
    const portFlags = [['admin-port', ports.admin], ['apns-port', ports.apns], ['apns-h2c-port', ports.apnsH2c], ['fcm-port', ports.fcm], ['fcm-tls-port', ports.fcmTls], ['webpush-port', ports.webpush], ['webpush-tls-port', ports.webpushTls]].flatMap(([flag, port]) => [`--${flag}`, String(port)])
    const out = join(dir, 'suite')
    const { code, out: printed, err } = await runCli(['conformance', '--dispatcher', broken.server.url, '--state-dir', stateDir, ...portFlags, '--only', 'retry.none-after.dead-address', '--out', out])
    expect(code, err).toBe(8)
    expect(printed).toMatch(/✗ retry\.none-after\.dead-address/)
    expect(err).toMatch(/conformance conformance-failed: 1 conformance case failed \(retry\.none-after\.dead-address\)/)
    const result = resultIn(out)
    // Only the matching case is reported, failed by an entry that answered dead addresses.
    expect(result.conformance!.cases.map((c) => [c.id, c.verdict])).toEqual([['retry.none-after.dead-address', 'fail']])
    expect(result.dispatcher).toMatchObject({ mode: 'external', url: broken.server.url })
    expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toMatch(/<testcase name="retry\.none-after\.dead-address [^"]*" classname="error-effects"[^>]*>\s*<failure/)
    expect(result.conformance!.cases[0]!.evidence[0]!.note).toMatch(/^\[[a-z-]+\] attempt \d+ sent after the dead-address answer \d+$/)
  }, 300_000)
})
