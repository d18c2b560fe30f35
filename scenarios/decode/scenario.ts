/**
 * Decodes a whole scenario: every section is read (so every problem is
 * found at once, with its path), defaults are applied to fresh objects,
 * then the sections are tied together: executors name known campaigns and
 * messages, phases get their calendar instants, fault windows their phase.
 */
import type { PlanProblem } from '../../simulators/faults/spec.ts'
import { createAudience } from '../audience.ts'
import { campaignIntake, executorLoad, expectedOfPlan } from '../expected.ts'
import type { AudiencePlan, PhasePlan, ScenarioPlan, ScenarioResult } from '../plan-types.ts'
import { decodeAudience } from './audience.ts'
import { decodeDevices } from './devices.ts'
import { decodeExpectations } from './expectations.ts'
import { decodeFaults } from './faults.ts'
import { decodeCampaigns, decodeMessages, type AudienceFacts } from './messages.ts'
import { isRecord, preview, problem, readNumber, readRecord, readText, rejectUnknown, type Problems } from './read.ts'
import { decodeWorkload, type DecodedPhase } from './workload.ts'

const SCENARIO_KEYS = ['name', 'seed', 'clock', 'audience', 'campaigns', 'messages', 'workload', 'faults', 'devices', 'expectations']
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/

export interface DecodeOptions {
  /** Overrides the scenario's seed (`pushsim plan --seed`). */
  seed?: string
  /** Overrides clock.timeScale (`pushsim run --time-scale`). */
  timeScale?: number
}

export function decodeScenario(input: unknown, options: DecodeOptions = {}): ScenarioResult {
  const problems: Problems = []
  const record = readRecord(input, '', problems, 'a scenario object')
  if (record === undefined) return { ok: false, problems }
  rejectUnknown(record, SCENARIO_KEYS, '', problems)
  const name = readText(record.name, 'name', problems)
  const seed = options.seed ?? readSeed(record.seed, problems) ?? name ?? ''
  const decodedClock = decodeClock(record.clock, problems)
  const clock = decodedClock && options.timeScale !== undefined ? { ...decodedClock, timeScale: options.timeScale } : decodedClock
  const audience = decodeAudience(record.audience, problems)
  const generated = audienceFacts(record.audience)
  const campaigns = decodeCampaigns(record.campaigns, generated, problems)
  const messages = decodeMessages(record.messages, generated, problems)
  const names = { campaigns: namesOf(record.campaigns), messages: namesOf(record.messages) }
  const decodedPhases = decodeWorkload(record.workload, names, problems)
  const devices = decodeDevices(record.devices, problems)
  const expectations = decodeExpectations(record.expectations, problems)
  const intake = (campaign: string) => {
    const found = campaigns?.find((candidate) => candidate.name === campaign)
    return found === undefined || audience === undefined ? 0 : campaignIntake(found, audience)
  }
  // Without a valid clock the phases are still placed (from 0) so that fault windows can name them.
  const phases = decodedPhases === undefined ? undefined : placePhases(decodedPhases, clock?.startMs ?? 0, intake, problems)
  // When the workload has problems of its own, fault windows are still checked against its phase names.
  const rawPhases = isRecord(record.workload) ? record.workload.phases : undefined
  const faultPhases = new Map(phases === undefined ? namesOf(rawPhases).map((phase) => [phase, 0] as const) : phases.map((phase) => [phase.name, phase.offsetMs] as const))
  const faults = decodeFaults(record.faults, { phases: faultPhases, seed, timeScale: clock?.timeScale ?? 1 }, problems)
  if (problems.length > 0) return { ok: false, problems: dedupe(problems) }

  const plan: Omit<ScenarioPlan, 'persons'> = {
    name: name!,
    seed,
    clock: clock!,
    audience: audience!,
    campaigns: campaigns!,
    messages: messages!,
    phases: phases!,
    faults: { faults: faults!, seed, timeScale: clock!.timeScale },
    devices: devices!,
    expectations: expectations!,
    expected: expectedOfPlan(phases!, campaigns!, messages!, audience!, devices!, clock!.startMs),
  }
  deepFreeze(plan)
  return { ok: true, plan: Object.freeze({ ...plan, persons: Object.freeze(createAudience(audience!, seed, clock!.startMs)) }) }
}

function decodeClock(value: unknown, problems: Problems): ScenarioPlan['clock'] | undefined {
  const record = readRecord(value, 'clock', problems)
  if (record === undefined) return undefined
  rejectUnknown(record, ['start', 'timeScale'], 'clock', problems)
  const startMs = typeof record.start === 'string' && INSTANT.test(record.start) ? Date.parse(record.start) : NaN
  if (Number.isNaN(startMs)) problem(problems, 'clock.start', record.start === undefined ? 'required' : `expected an ISO 8601 instant with an offset (2026-03-28T22:00:00+01:00 or …Z), got ${preview(record.start)}`)
  const timeScale = record.timeScale === undefined ? 1 : readNumber(record.timeScale, 'clock.timeScale', problems, { above: 0, max: 1 })
  if (Number.isNaN(startMs) || timeScale === undefined) return undefined
  return { start: record.start as string, startMs, timeScale }
}

/** A non-empty string, or a safe integer taken as its decimal text, as the fault plan's seed. */
function readSeed(value: unknown, problems: Problems): string | undefined {
  if (value === undefined) return undefined
  if (typeof value === 'string' && value !== '') return value
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value)
  return problem(problems, 'seed', `expected a non-empty string or an integer, got ${preview(value)}`)
}

function placePhases(decoded: readonly DecodedPhase[], startMs: number, intake: (campaign: string) => number, problems: Problems): PhasePlan[] | undefined {
  const phases: PhasePlan[] = []
  let previous: PhasePlan | undefined
  for (const [i, phase] of decoded.entries()) {
    const offsetMs = phase.atMs ?? (previous === undefined ? 0 : previous.offsetMs + previous.durationMs)
    if (previous !== undefined && offsetMs < previous.offsetMs) {
      problem(problems, `workload.phases[${i}].at`, `phases are in calendar order: this one starts before ${previous.name} (${previous.offsetMs} ms)`)
    }
    const load = phase.executors.map((executor) => executorLoad(executor, intake))
    const durationMs = Math.max(0, ...load.map((one, k) => phase.executors[k]!.startMs + one.durationMs))
    previous = {
      name: phase.name,
      offsetMs,
      at: new Date(startMs + offsetMs).toISOString(),
      durationMs,
      executors: phase.executors,
      load,
      arrivals: load.reduce((total, one) => total + one.arrivals, 0),
    }
    phases.push(previous)
  }
  return phases
}

/** What templates are checked against, from the raw input (so they are checked even when the audience has problems). */
function audienceFacts(audience: unknown): AudienceFacts {
  const raw = isRecord(audience) ? audience : {}
  const properties = raw.properties === undefined ? ['firstName'] : isRecord(raw.properties) ? Object.keys(raw.properties) : []
  const channels = isRecord(raw.devices) ? raw.devices.channels : undefined
  const safari = channels === undefined || channels === 'webpush-safari' || (isRecord(channels) && channels['webpush-safari'] !== 0 && channels['webpush-safari'] !== undefined)
  return { properties, safari }
}

const namesOf = (value: unknown): string[] => (Array.isArray(value) ? value.flatMap((item) => (isRecord(item) && typeof item.name === 'string' ? [item.name] : [])) : [])

function dedupe(problems: readonly PlanProblem[]): PlanProblem[] {
  const seen = new Set<string>()
  return problems.filter(({ path, message }) => !seen.has(`${path}\n${message}`) && (seen.add(`${path}\n${message}`), true))
}

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return
  Object.freeze(value)
  for (const inner of Object.values(value)) deepFreeze(inner)
}

