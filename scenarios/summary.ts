/**
 * What `pushsim plan` shows: a plan summarised without iterating persons
 * (audience make-up in expectation from its shares), as JSON-able data,
 * and its rendering for a terminal.
 */
import type { ExpectedDeliveries } from './expected.ts'
import type { ExecutorPlan, PhasePlan, ScenarioPlan, Shares } from './plan-types.ts'
import { describeRules } from './expected-text.ts'
import { worldTimezones } from './world.ts'

const TOP = 5

export interface PlanSummary {
  name: string
  seed: string
  clock: { start: string; timeScale: number }
  audience: {
    persons: number
    testProfiles: number
    unsubscribed: number
    devices: number
    byChannel: Record<string, number>
    tokenStates: Record<string, number>
    locales: { name: string; share: number }[]
    timezones: { name: string; share: number }[]
    properties: { name: string; missing: number }[]
  }
  phases: { name: string; at: string; offsetMs: number; durationMs: number; arrivals: number; executors: string[] }[]
  faults: { id: string; type: string; schedule: string; match?: unknown }[]
  expected: ScenarioPlan['expected']
  thresholds: string[]
  rules: string[]
}

export function summarise(plan: ScenarioPlan): PlanSummary {
  const { audience } = plan
  const meanDevices = audience.devices.perPerson.reduce((total, [count, share]) => total + Number(count) * share, 0)
  const devices = Math.round(audience.persons * meanDevices)
  return {
    name: plan.name,
    seed: plan.seed,
    clock: { start: new Date(plan.clock.startMs).toISOString(), timeScale: plan.clock.timeScale },
    audience: {
      persons: audience.persons,
      testProfiles: Math.round(audience.persons * audience.testProfiles),
      unsubscribed: Math.round(audience.persons * audience.unsubscribed),
      devices,
      byChannel: counts(audience.devices.channels, devices),
      tokenStates: counts(audience.devices.tokens, devices),
      locales: top(audience.locales),
      timezones: top(audience.timezones ?? worldTimezones(audience.locales)),
      properties: audience.properties.map(({ name, missing }) => ({ name, missing })),
    },
    phases: plan.phases.map((phase) => ({
      name: phase.name,
      at: phase.at,
      offsetMs: phase.offsetMs,
      durationMs: phase.durationMs,
      arrivals: phase.arrivals,
      executors: phase.executors.map((executor, k) => describeExecutor(executor, phase, k)),
    })),
    faults: plan.faults.faults.map((fault) => ({
      id: fault.id ?? '',
      type: fault.type,
      schedule: describeSchedule(fault.schedule),
      ...(fault.match === undefined ? {} : { match: fault.match }),
    })),
    expected: plan.expected,
    thresholds: plan.expectations.thresholds.map((threshold) => threshold.source),
    rules: [...plan.expectations.rules],
  }
}

/** The summary for a terminal. */
export function renderSummary(summary: PlanSummary): string {
  const lines: string[] = []
  const { audience } = summary
  lines.push(`scenario ${summary.name}  seed ${summary.seed}  start ${summary.clock.start}  time scale ${summary.clock.timeScale}`)
  lines.push('', `audience: ${audience.persons} persons (${audience.testProfiles} test profiles${audience.unsubscribed > 0 ? `, ${audience.unsubscribed} unsubscribed` : ''}), ~${audience.devices} devices`)
  lines.push(`  channels: ${entries(audience.byChannel)}`)
  lines.push(`  tokens:   ${entries(audience.tokenStates)}`)
  lines.push(`  locales:  ${audience.locales.map(({ name, share }) => `${name} ${percent(share)}`).join(', ')}`)
  lines.push(`  timezones: ${audience.timezones.map(({ name, share }) => `${name} ${percent(share)}`).join(', ')}`)
  if (audience.properties.length > 0) lines.push(`  properties: ${audience.properties.map(({ name, missing }) => `${name} (${percent(missing)} missing)`).join(', ')}`)
  lines.push('', 'phases:')
  for (const phase of summary.phases) {
    lines.push(`  ${phase.name}  at ${phase.at} (+${formatMs(phase.offsetMs)})  for ${formatMs(phase.durationMs)}  ${phase.arrivals} arrivals`)
    for (const executor of phase.executors) lines.push(`    ${executor}`)
  }
  lines.push('', summary.faults.length === 0 ? 'faults: none' : 'faults:')
  for (const fault of summary.faults) lines.push(`  ${fault.id}: ${fault.type}, ${fault.schedule}${fault.match === undefined ? '' : `, match ${JSON.stringify(fault.match)}`}`)
  lines.push('', 'expected (~ an expectation from the shares, scattered by the run’s per-person draws; faults not included):')
  for (const [kind, byName] of [['campaign', summary.expected.campaigns], ['message', summary.expected.messages]] as const) {
    for (const [name, expected] of Object.entries(byName)) lines.push(...describeExpected(kind, name, expected))
  }
  lines.push('', `thresholds: ${summary.thresholds.length === 0 ? 'none' : summary.thresholds.join('; ')}`)
  lines.push(`rules: ${summary.rules.length === 0 ? 'none' : summary.rules.join(', ')}`)
  return lines.join('\n') + '\n'
}

function describeExpected(kind: string, name: string, expected: ExpectedDeliveries): string[] {
  const lines = [
    `  ${kind} ${name}: ${expected.deliveries} deliveries to ${expected.qualified} qualified persons` +
      `${expected.controlGroup > 0 ? `, ${expected.controlGroup} held out (control)` : ''}, ${expected.undeliverable} undeliverable`,
    `    by channel: ${entries(expected.byChannel)}`,
    `    bounces ~${expected.bounces}, personalisation failures ~${expected.personalisationFailures}`,
    ...describeRules(expected),
  ]
  if (expected.byVariant !== undefined && Object.keys(expected.byVariant).length > 1) lines.push(`    variants: ${entries(expected.byVariant)}`)
  return lines
}

function describeExecutor(executor: ExecutorPlan, phase: PhasePlan, k: number): string {
  const load = phase.load[k]!
  const start = executor.startMs > 0 ? ` from +${formatMs(executor.startMs)}` : ''
  switch (executor.executor) {
    case 'campaign':
      return `campaign ${executor.campaign}: ${load.arrivals} persons at ${executor.ratePerSecond}/s over ${formatMs(load.durationMs)}${start}`
    case 'constant-arrival-rate':
      return `constant-arrival-rate ${executor.message}: ${executor.ratePerSecond}/s for ${formatMs(executor.durationMs)}${start} (${load.arrivals} sends)`
    case 'ramping-arrival-rate':
      return `ramping-arrival-rate ${executor.message}: ${executor.startRatePerSecond}/s${executor.stages.map((stage) => ` → ${stage.targetPerSecond}/s over ${formatMs(stage.durationMs)}`).join('')}${start} (${load.arrivals} sends)`
    case 'kill-dispatcher':
      return `kill-dispatcher: kill -9${start || ' at the phase start'}, restarted ${formatMs(executor.restartAfterMs)} later on the same database and port`
  }
}

function describeSchedule(schedule: ScenarioPlan['faults']['faults'][number]['schedule']): string {
  if (schedule === undefined || schedule.kind === 'always') return 'always'
  if (schedule.kind === 'window') return `from +${formatMs(schedule.fromMs)}${schedule.toMs === undefined ? '' : ` to +${formatMs(schedule.toMs)}`}`
  return JSON.stringify(schedule)
}

const counts = (shares: Shares, total: number): Record<string, number> => Object.fromEntries(shares.map(([name, share]) => [name, Math.round(total * share)]))
const top = (shares: Shares) => [...shares].sort((a, b) => b[1] - a[1]).slice(0, TOP).map(([name, share]) => ({ name, share: Number(share.toFixed(4)) }))
const entries = (record: Readonly<Record<string, number>>): string => Object.entries(record).map(([name, count]) => `${name} ${count}`).join(', ') || 'none'
const percent = (share: number): string => `${Number((share * 100).toFixed(1))}%`

/** 90000 → `1m30s`; 86400000 → `1d`. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${ms}ms`
  const units: [string, number][] = [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]]
  let rest = Math.round(ms / 1000) * 1000
  let text = ''
  for (const [unit, size] of units) {
    const count = Math.floor(rest / size)
    if (count > 0) text += `${count}${unit}`
    rest -= count * size
  }
  return text
}
