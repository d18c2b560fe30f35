/** Decodes `workload`: phases on the calendar, each with k6-style open-model executors. */
import type { ExecutorPlan } from '../plan-types.ts'
import { child, nearest, preview, problem, readArray, readDuration, readRate, readRecord, readText, rejectDuplicateNames, rejectUnknown, type Problems } from './read.ts'

const EXECUTORS = ['campaign', 'constant-arrival-rate', 'ramping-arrival-rate', 'kill-dispatcher'] as const
const EXECUTOR_KEYS: Readonly<Record<(typeof EXECUTORS)[number], readonly string[]>> = {
  campaign: ['executor', 'campaign', 'rate', 'startTime'],
  'constant-arrival-rate': ['executor', 'message', 'rate', 'duration', 'startTime'],
  'ramping-arrival-rate': ['executor', 'message', 'startRate', 'stages', 'startTime'],
  'kill-dispatcher': ['executor', 'restartAfter', 'startTime'],
}

/** A phase as written: `atMs` undefined means right after the previous one. */
export interface DecodedPhase {
  name: string
  atMs?: number
  executors: ExecutorPlan[]
}

export interface Names {
  campaigns: readonly string[]
  messages: readonly string[]
}

export function decodeWorkload(value: unknown, names: Names, problems: Problems): DecodedPhase[] | undefined {
  const record = readRecord(value, 'workload', problems)
  if (record === undefined) return undefined
  rejectUnknown(record, ['phases'], 'workload', problems)
  const path = 'workload.phases'
  if (Array.isArray(record.phases)) {
    rejectDuplicateNames(record.phases, path, problems)
    if (record.phases.length === 0) return problem(problems, path, 'expected at least one phase')
  }
  return readArray(record.phases, path, problems, (item, at) => decodePhase(item, at, names, problems))
}

function decodePhase(value: unknown, path: string, names: Names, problems: Problems): DecodedPhase | undefined {
  const record = readRecord(value, path, problems)
  if (record === undefined) return undefined
  const before = problems.length
  rejectUnknown(record, ['name', 'at', 'executors'], path, problems)
  const name = readText(record.name, child(path, 'name'), problems)
  const atMs = record.at === undefined ? undefined : readDuration(record.at, child(path, 'at'), problems)
  const executors = readArray(record.executors, child(path, 'executors'), problems, (item, at) => decodeExecutor(item, at, names, problems))
  if (problems.length > before) return undefined
  return { name: name!, ...(atMs === undefined ? {} : { atMs }), executors: executors! }
}

function decodeExecutor(value: unknown, path: string, names: Names, problems: Problems): ExecutorPlan | undefined {
  const record = readRecord(value, path, problems)
  if (record === undefined) return undefined
  const kind = record.executor
  if (typeof kind !== 'string' || !(EXECUTORS as readonly string[]).includes(kind)) {
    const near = typeof kind === 'string' ? nearest(kind, EXECUTORS) : undefined
    return problem(problems, child(path, 'executor'), `${kind === undefined ? 'required' : `unknown executor ${preview(kind)}`}${near === undefined ? '' : ` (did you mean ${near}?)`}; expected one of: ${EXECUTORS.join(', ')}`)
  }
  const executor = kind as (typeof EXECUTORS)[number]
  const before = problems.length
  rejectUnknown(record, EXECUTOR_KEYS[executor], path, problems)
  const at = (key: string) => child(path, key)
  const startMs = record.startTime === undefined ? 0 : readDuration(record.startTime, at('startTime'), problems)
  switch (executor) {
    case 'campaign': {
      const campaign = readReference(record.campaign, names.campaigns, 'campaign', at('campaign'), problems)
      const ratePerSecond = readRate(record.rate, at('rate'), problems)
      return problems.length > before ? undefined : { executor, campaign: campaign!, ratePerSecond: ratePerSecond!, startMs: startMs! }
    }
    case 'constant-arrival-rate': {
      const message = readReference(record.message, names.messages, 'message', at('message'), problems)
      const ratePerSecond = readRate(record.rate, at('rate'), problems)
      const durationMs = readDuration(record.duration, at('duration'), problems, { positive: true })
      return problems.length > before ? undefined : { executor, message: message!, ratePerSecond: ratePerSecond!, durationMs: durationMs!, startMs: startMs! }
    }
    case 'ramping-arrival-rate': {
      const message = readReference(record.message, names.messages, 'message', at('message'), problems)
      const startRatePerSecond = record.startRate === undefined ? 0 : readRate(record.startRate, at('startRate'), problems, { positive: false })
      const stages = readArray(record.stages, at('stages'), problems, (item, p) => {
        const stage = readRecord(item, p, problems)
        if (stage === undefined) return undefined
        rejectUnknown(stage, ['target', 'duration'], p, problems)
        const targetPerSecond = readRate(stage.target, child(p, 'target'), problems, { positive: false })
        const durationMs = readDuration(stage.duration, child(p, 'duration'), problems, { positive: true })
        return targetPerSecond === undefined || durationMs === undefined ? undefined : { targetPerSecond, durationMs }
      })
      if (stages !== undefined && stages.length === 0) problem(problems, at('stages'), 'expected at least one stage')
      return problems.length > before ? undefined : { executor, message: message!, startRatePerSecond: startRatePerSecond!, stages: stages!, startMs: startMs! }
    }
    case 'kill-dispatcher': {
      const restartAfterMs = record.restartAfter === undefined ? 0 : readDuration(record.restartAfter, at('restartAfter'), problems)
      return problems.length > before ? undefined : { executor, restartAfterMs: restartAfterMs!, startMs: startMs! }
    }
  }
}

/** A name that must be one of `known` (a campaign's or a message's). */
function readReference(value: unknown, known: readonly string[], what: string, path: string, problems: Problems): string | undefined {
  const name = readText(value, path, problems)
  if (name === undefined || known.includes(name)) return name
  const near = nearest(name, known)
  return problem(problems, path, `no ${what} named ${JSON.stringify(name)}${near === undefined ? '' : ` (did you mean ${near}?)`}${known.length === 0 ? ` (the scenario defines no ${what}s)` : ''}`)
}
