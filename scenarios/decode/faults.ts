/**
 * Decodes `faults`: the fault language as it is, plus an optional
 * phase-relative `window: { phase, from?, to? }` that is translated to the
 * fault engine's `schedule: { kind: 'window', fromMs, toMs }` (ms after the
 * run's start, on the virtual clock); then the fault plan's own validator
 * checks every fault, reporting at the same `faults[i]…` paths.
 */
import { findEntry } from '../../simulators/catalogue/index.ts'
import { validatePlan } from '../../simulators/faults/plan/validate.ts'
import type { FaultSpec } from '../../simulators/faults/spec.ts'
import { child, isRecord, nearest, preview, problem, readDuration, readRecord, rejectUnknown, type Problems } from './read.ts'

const knownCodes = (name: string): boolean => findEntry(name) !== undefined

export interface FaultContext {
  /** Phase name → its offset from clock.start, ms. */
  phases: ReadonlyMap<string, number>
  seed: string
  /** The fault plan's factor on durations: the clock's time scale. */
  timeScale: number
}

export function decodeFaults(value: unknown, context: FaultContext, problems: Problems): FaultSpec[] | undefined {
  if (value === undefined) return []
  if (!Array.isArray(value)) return problem(problems, 'faults', `expected an array of faults, got ${preview(value)}`)
  const before = problems.length
  const translated = value.map((fault, i) => translateWindow(fault, child('faults', i), context.phases, problems))
  const result = validatePlan({ faults: translated, seed: context.seed, timeScale: context.timeScale }, { knownCodes })
  // A schedule made from a window is reported at the window the user wrote (a phase beyond ~24.8 days, say).
  const windowed = new Set(value.flatMap((fault, i) => (isRecord(fault) && fault.window !== undefined && fault.schedule === undefined ? [child('faults', i)] : [])))
  const atWindow = (path: string) => {
    const owner = path.slice(0, path.indexOf('.schedule'))
    return path.includes('.schedule') && windowed.has(owner) ? { path: `${owner}.window`, note: ' (the window translated to ms after the run starts)' } : undefined
  }
  if (!result.ok) problems.push(...result.problems.map((found) => {
    const moved = atWindow(found.path)
    return moved === undefined ? found : { path: moved.path, message: found.message + moved.note }
  }))
  return result.ok && problems.length === before ? result.faults : undefined
}

function translateWindow(fault: unknown, path: string, phases: ReadonlyMap<string, number>, problems: Problems): unknown {
  if (!isRecord(fault) || fault.window === undefined) return fault
  const { window, ...rest } = fault
  const at = child(path, 'window')
  if (rest.schedule !== undefined) problem(problems, at, 'give either window (relative to a phase) or schedule, not both')
  const record = readRecord(window, at, problems, 'an object { phase, from?, to? }')
  if (record === undefined) return rest
  rejectUnknown(record, ['phase', 'from', 'to'], at, problems)
  const phase = typeof record.phase === 'string' ? record.phase : undefined
  const offset = phase === undefined ? undefined : phases.get(phase)
  if (offset === undefined) {
    const near = phase === undefined ? undefined : nearest(phase, [...phases.keys()])
    problem(problems, child(at, 'phase'), `${record.phase === undefined ? 'required' : `no phase named ${preview(record.phase)}`}${near === undefined ? '' : ` (did you mean ${near}?)`}`)
  }
  const fromMs = record.from === undefined ? 0 : readDuration(record.from, child(at, 'from'), problems)
  const toMs = record.to === undefined ? undefined : readDuration(record.to, child(at, 'to'), problems, { positive: true })
  if (fromMs !== undefined && toMs !== undefined && toMs <= fromMs) problem(problems, child(at, 'to'), `must be after from (${fromMs} ms), got ${toMs} ms`)
  if (offset === undefined || fromMs === undefined) return rest
  return { ...rest, schedule: { kind: 'window', fromMs: offset + fromMs, ...(toMs === undefined ? {} : { toMs: offset + toMs }) } }
}
