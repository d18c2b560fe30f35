/** Scenarios as data: validation with every problem and its path, defaults, a deterministic lazy audience. */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { stringify as toYaml } from 'yaml'
import { describe, expect, it } from 'vitest'
import quickstart from '../scenarios/library/quickstart.scenario.ts'
import { decodeScenario } from '../scenarios/decode/scenario.ts'
import { loadScenario } from '../scenarios/load.ts'
import type { ScenarioPlan } from '../scenarios/plan-types.ts'
import { summarise } from '../scenarios/summary.ts'
import { parseThreshold } from '../scenarios/thresholds.ts'
import type { Scenario } from '../scenarios/types.ts'
import { tempDir } from './support/temp-dir.ts'

const minimal: Scenario = {
  name: 'minimal',
  clock: { start: '2026-03-02T09:00:00Z' },
  audience: { persons: 10 },
  messages: [{ name: 'otp', template: { title: 'Code' } }],
  workload: { phases: [{ name: 'p1', executors: [{ executor: 'constant-arrival-rate', message: 'otp', rate: '1/s', duration: '10s' }] }] },
}

function planOf(scenario: unknown, seed?: string): ScenarioPlan {
  const result = decodeScenario(scenario, seed === undefined ? {} : { seed })
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.path}: ${p.message}`).join('\n'))
  return result.plan
}

function problemsOf(scenario: unknown): string[] {
  const result = decodeScenario(scenario)
  return result.ok ? [] : result.problems.map((p) => `${p.path}: ${p.message}`)
}

describe('scenario validation', () => {
  it('reports every problem at once, each with its path', async () => {
    const result = await loadScenario('test/fixtures/scenarios/broken.scenario.yaml')
    expect(result.ok).toBe(false)
    const problems = result.ok ? [] : result.problems
    const paths = problems.map((p) => p.path)
    expect(paths).toEqual(
      expect.arrayContaining([
        'audiense',
        'clock.start',
        'audience.devices.channels.webpush-safari',
        'campaigns[0].template.title',
        'workload.phases[0].executors[0].campaign',
        'expectations.thresholds[0]',
        'expectations.rules[0]',
        'faults[0].window.phase',
        'faults[0].attributes.capacity',
      ]),
    )
    const text = problems.map((p) => `${p.path}: ${p.message}`)
    expect(text).toContain('audience.devices.channels.webpush-safari: shares must sum to 1 (got 1.2)')
    expect(text.find((line) => line.startsWith('audiense'))).toMatch(/did you mean audience\?/)
    expect(text.find((line) => line.startsWith('workload'))).toMatch(/no campaign named "welcom" \(did you mean welcome\?\)/)
    expect(text.find((line) => line.startsWith('faults[0].window'))).toMatch(/did you mean day-1\?/)
  })

  it('rejects a non-object, a missing section and wrong durations, rates and distributions', () => {
    expect(problemsOf(42)).toEqual([': expected a scenario object, got 42'])
    expect(problemsOf({ ...minimal, workload: undefined })).toEqual(['workload: required'])
    const problems = problemsOf({
      ...minimal,
      messages: [{ name: 'otp', template: { title: 'Code' }, ttl: '5 minutes' }],
      workload: { phases: [{ name: 'p1', executors: [{ executor: 'constant-arrival-rat', message: 'otp' }, { executor: 'constant-arrival-rate', message: 'otp', rate: 'fast', duration: '0s' }] }] },
      devices: { behaviour: { android: { closed: { delay: 'lognormal(5s,1s)' } }, ios: { sleeping: {} } } },
    })
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^messages\[0\]\.ttl: expected a duration such as 250ms, 10s, 2m, 1h, 1d or 1w/),
        expect.stringMatching(/^workload\.phases\[0\]\.executors\[0\]\.executor: unknown executor "constant-arrival-rat" \(did you mean constant-arrival-rate\?\)/),
        expect.stringMatching(/^workload\.phases\[0\]\.executors\[1\]\.rate: expected <count>\/<period>/),
        'workload.phases[0].executors[1].duration: expected a duration above 0, got "0s"',
        expect.stringMatching(/^devices\.behaviour\.android\.closed\.delay\.p99Ms: must be above medianMs/),
        expect.stringMatching(/^devices\.behaviour\.ios\.sleeping: unknown key/),
      ]),
    )
  })

  it('requires a deep link when a campaign reaches Safari, and a generated property or a fallback', () => {
    const problems = problemsOf({
      ...minimal,
      campaigns: [{ name: 'c', template: { title: 'Hi {{lastName}}' } }],
      workload: { phases: [{ name: 'p1', executors: [{ executor: 'campaign', campaign: 'c', rate: '10/s' }] }] },
    })
    expect(problems).toEqual([
      expect.stringMatching(/^campaigns\[0\]\.template\.title: \{\{lastName\}\} has no fallback and audience\.properties does not generate lastName/),
      'campaigns[0].template.deepLink: required when the campaign reaches webpush-safari (Safari renders nothing without a deep link)',
    ])
    // No Safari device in the audience: no deep link needed.
    expect(
      problemsOf({
        ...minimal,
        audience: { persons: 10, devices: { channels: { apns: 1 } } },
        campaigns: [{ name: 'c', template: { title: 'Hi' } }],
        workload: { phases: [{ name: 'p1', executors: [{ executor: 'campaign', campaign: 'c', rate: '10/s' }] }] },
      }),
    ).toEqual([])
  })

  it('translates a phase-relative fault window into the fault engine window', () => {
    const plan = planOf({
      ...minimal,
      workload: { phases: [...minimal.workload.phases, { name: 'p2', at: '1d', executors: [] }] },
      faults: [{ type: 'outage', window: { phase: 'p2', from: '5m', to: '10m' }, attributes: {} }],
    })
    expect(plan.faults.faults[0]).toMatchObject({ id: 'f1', type: 'outage', schedule: { kind: 'window', fromMs: 86_400_000 + 300_000, toMs: 86_400_000 + 600_000 } })
    expect(plan.phases.map((phase) => phase.at)).toEqual(['2026-03-02T09:00:00.000Z', '2026-03-03T09:00:00.000Z'])
    const late = problemsOf({ ...minimal, workload: { phases: [{ name: 'late', at: '5w', executors: [] }] }, faults: [{ type: 'outage', window: { phase: 'late' }, attributes: {} }] })
    expect(late).toEqual([expect.stringMatching(/^faults\[0\]\.window: expected a number from 0 to 2147483647, got 3024000000 \(the window translated/)])
  })

  it('parses k6-form thresholds and checks them against the metric type', () => {
    expect(parseThreshold('p99(send_latency) < 2s')).toEqual({ ok: true, value: { source: 'p99(send_latency) < 2s', metric: 'send_latency', aggregation: 'p', percentile: 99, operator: '<', value: 2000 } })
    expect(parseThreshold('p(99.9)(send_latency)<=500ms')).toMatchObject({ ok: true, value: { percentile: 99.9, value: 500, operator: '<=' } })
    expect(parseThreshold('rate(errors) < 1%')).toMatchObject({ ok: true, value: { aggregation: 'rate', value: 0.01 } })
    expect(parseThreshold('throughput > 1000/s')).toMatchObject({ ok: true, value: { aggregation: 'throughput', value: 1000 } })
    expect(parseThreshold('send_latency < 2s')).toMatchObject({ ok: false, message: expect.stringMatching(/needs an aggregation/) })
    expect(parseThreshold('rate(send_latncy) < 1')).toMatchObject({ ok: false, message: expect.stringMatching(/did you mean send_latency/) })
    expect(parseThreshold('rate(errors) < 2')).toMatchObject({ ok: false, message: expect.stringMatching(/a rate is from 0 to 1/) })
  })
})

describe('scenario defaults', () => {
  it('fills every optional field', () => {
    const plan = planOf(minimal)
    expect(plan.seed).toBe('minimal')
    expect(plan.clock).toEqual({ start: '2026-03-02T09:00:00Z', startMs: Date.parse('2026-03-02T09:00:00Z'), timeScale: 1 })
    expect(plan.audience.devices).toMatchObject({ perPerson: [['1', 1]], sdk: 1, optIn: 1, online: 1, doze: 0, tokens: [['valid', 1]], unregisteredWithinMs: 30 * 86_400_000 })
    expect(plan.audience.devices.channels).toHaveLength(6)
    expect(plan.audience.timezones).toBeUndefined()
    expect(plan.audience.locales.length).toBeGreaterThan(10)
    expect(plan.audience.properties).toEqual([{ name: 'firstName', missing: 0 }])
    expect(plan.messages[0]).toMatchObject({ targeting: 'last-device', ttlMs: 3_600_000 })
    expect(plan.devices.behaviour.ios.foreground.delivered).toBeGreaterThan(0)
    expect(plan.devices.duplicateReports).toBe(0)
    expect(plan.expectations).toEqual({ thresholds: [], rules: [] })
    expect(plan.faults).toEqual({ faults: [], seed: 'minimal', timeScale: 1 })
    expect(plan.phases[0]).toMatchObject({ offsetMs: 0, durationMs: 10_000, arrivals: 10 })
    expect(Object.isFrozen(plan) && Object.isFrozen(plan.phases[0])).toBe(true)
  })

  it('places a phase without `at` right after the previous one, and campaigns take their defaults', () => {
    const plan = planOf({
      ...minimal,
      campaigns: [{ name: 'c', template: { title: 'Hi {{firstName|there}}', deepLink: 'https://example.com' } }],
      workload: { phases: [...minimal.workload.phases, { name: 'p2', executors: [{ executor: 'campaign', campaign: 'c', rate: '5/s' }] }] },
    })
    expect(plan.phases[1]).toMatchObject({ offsetMs: 10_000, durationMs: 2_000, arrivals: 10 })
    expect(plan.campaigns[0]).toMatchObject({ targeting: 'all-devices', controlGroup: 0, test: false, ttlMs: 28 * 86_400_000, variants: [{ name: 'default', share: 1 }] })
    expect(plan.campaigns[0]!.template.placeholders).toEqual([{ property: 'firstName', fallback: 'there' }])
  })
})

describe('the plan is deterministic from scenario and seed', () => {
  const firstThousand = (plan: ScenarioPlan) => Array.from({ length: 1000 }, (_, i) => plan.persons.personAt(i))

  it('gives the same plan for the same seed and another for another seed', async () => {
    const [a, b] = await Promise.all([loadScenario(quickstart, { seed: '42' }), loadScenario('scenarios/library/quickstart.scenario.ts', { seed: '42' })])
    const big = (seed: string) => planOf({ ...quickstart, audience: { ...quickstart.audience, persons: 5000 } }, seed)
    if (!a.ok || !b.ok) throw new Error('quickstart does not load')
    expect(summarise(a.plan)).toEqual(summarise(b.plan))
    expect(firstThousand(big('42'))).toEqual(firstThousand(big('42')))
    expect(firstThousand(big('43'))).not.toEqual(firstThousand(big('42')))
    expect(summarise(big('43')).seed).toBe('43')
  })

  it('personAt(i) is stable whatever the order of access', () => {
    const plan = planOf({ ...quickstart, audience: { ...quickstart.audience, persons: 1_000_000 } })
    const forwards = [0, 1, 2, 500_000, 999_999].map((i) => plan.persons.personAt(i))
    const backwards = [999_999, 500_000, 2, 1, 0].map((i) => plan.persons.personAt(i)).reverse()
    expect(backwards).toEqual(forwards)
    expect(forwards[3]).toMatchObject({ index: 500_000, id: 'p500000' })
    expect(() => plan.persons.personAt(1_000_000)).toThrow(RangeError)
    const iterated: unknown[] = []
    for (const person of planOf(quickstart).persons) iterated.push(person)
    expect(iterated).toHaveLength(200)
    expect(iterated[17]).toEqual(planOf(quickstart).persons.personAt(17))
  })

  it('holds channel, token-state, property and test shares within tolerance over 10,000 persons', () => {
    const plan = planOf({
      ...minimal,
      audience: {
        persons: 10_000,
        locales: { 'de-DE': 0.5, 'ja-JP': 0.5 },
        properties: { firstName: { missing: 0.2 } },
        testProfiles: 0.1,
        devices: {
          perPerson: { 0: 0.1, 1: 0.5, 2: 0.4 },
          channels: { apns: 0.4, fcm: 0.3, 'webpush-chrome': 0.2, 'webpush-safari': 0.1 },
          tokens: { valid: 0.9, unregistered: 0.05, malformed: 0.03, expired: 0.02 },
        },
      },
    })
    const channels = new Map<string, number>()
    const states = new Map<string, number>()
    let devices = 0
    let missing = 0
    let tests = 0
    let german = 0
    for (const person of plan.persons) {
      if (person.properties.firstName === undefined) missing++
      if (person.test) tests++
      if (person.locale === 'de-DE') german++
      for (const device of person.devices) {
        devices++
        channels.set(device.channel, (channels.get(device.channel) ?? 0) + 1)
        states.set(device.tokenState, (states.get(device.tokenState) ?? 0) + 1)
        if (device.tokenState === 'unregistered') expect(Date.parse(device.unregisteredSince!)).toBeLessThanOrEqual(plan.clock.startMs)
      }
    }
    const share = (count: number | undefined, of: number) => (count ?? 0) / of
    expect(devices / 10_000).toBeCloseTo(1.3, 1)
    for (const [channel, expected] of [['apns', 0.4], ['fcm', 0.3], ['webpush-chrome', 0.2], ['webpush-safari', 0.1]] as const) expect(Math.abs(share(channels.get(channel), devices) - expected)).toBeLessThan(0.02)
    for (const [state, expected] of [['valid', 0.9], ['unregistered', 0.05], ['malformed', 0.03], ['expired', 0.02]] as const) expect(Math.abs(share(states.get(state), devices) - expected)).toBeLessThan(0.015)
    expect(Math.abs(missing / 10_000 - 0.2)).toBeLessThan(0.02)
    expect(Math.abs(tests / 10_000 - 0.1)).toBeLessThan(0.02)
    expect(Math.abs(german / 10_000 - 0.5)).toBeLessThan(0.03)
  })

  it('expects deliveries from the shares', () => {
    const plan = planOf({
      ...minimal,
      audience: { persons: 1000, devices: { perPerson: { 0: 0.2, 2: 0.8 }, channels: { apns: 0.5, fcm: 0.5 }, tokens: { valid: 0.9, unregistered: 0.1 } } },
      campaigns: [{ name: 'c', template: { title: 'x' }, controlGroup: 0.1, channels: ['apns'] }],
      workload: { phases: [{ name: 'p1', executors: [{ executor: 'campaign', campaign: 'c', rate: '100/s' }] }] },
    })
    // 900 targeted persons × 1.6 devices × 0.5 on apns = 720; persons with no apns device: 0.2 + 0.8 × 0.25 = 0.4.
    expect(plan.expected.campaigns.c).toMatchObject({ qualified: 1000, controlGroup: 100, deliveries: 720, byChannel: { apns: 720 }, bounces: 72, undeliverable: 360 })
    expect(plan.phases[0]).toMatchObject({ durationMs: 10_000, arrivals: 1000 })
  })
})

describe('scenario files', () => {
  it('accepts the same object as .scenario.ts, .json and .yaml', async () => {
    const dir = tempDir('pushsim-scenario-')
    writeFileSync(join(dir, 'q.json'), JSON.stringify(quickstart))
    writeFileSync(join(dir, 'q.yml'), toYaml(quickstart))
    const results = await Promise.all(['scenarios/library/quickstart.scenario.ts', join(dir, 'q.json'), join(dir, 'q.yml')].map((path) => loadScenario(path)))
    const summaries = results.map((result) => (result.ok ? summarise(result.plan) : result.problems))
    expect(summaries[1]).toEqual(summaries[0])
    expect(summaries[2]).toEqual(summaries[0])
    const bad = await loadScenario(join(dir, 'q.txt'))
    expect(bad).toEqual({ ok: false, problems: [{ path: '', message: expect.stringMatching(/expected a \.scenario\.ts, \.json, \.yaml or \.yml file/) }] })
  })

  it('plans a million persons without generating them', () => {
    const started = performance.now()
    const plan = planOf({ ...quickstart, audience: { ...quickstart.audience, persons: 1_000_000 } })
    const summary = summarise(plan)
    expect(performance.now() - started).toBeLessThan(500)
    expect(summary.audience).toMatchObject({ persons: 1_000_000, devices: 1_200_000, testProfiles: 50_000 })
  })

  it('imports nothing of dispatcher/', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? files(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : []))
    const offending = files('scenarios').filter((file) => /from\s+['"](\.\.\/)+dispatcher\//.test(readFileSync(file, 'utf8')))
    expect(offending).toEqual([])
  })
})
