/** Decodes a latency distribution (`{ kind: 'lognormal', medianMs, p99Ms }`, …). */
import type { Distribution } from '../spec.ts'
import { child, problem, rejectUnknownKeys, type Problems } from './fields.ts'
import { DURATION, POSITIVE_DURATION, readTagged } from './tagged.ts'

const KINDS = ['fixed', 'uniform', 'normal', 'lognormal', 'pareto'] as const

export function decodeDistribution(value: unknown, path: string, problems: Problems): Distribution | undefined {
  const tagged = readTagged(value, path, problems, KINDS)
  if (tagged === undefined) return undefined
  const { record, kind, read } = tagged

  switch (kind) {
    case 'fixed': {
      rejectUnknownKeys(record, ['kind', 'ms'], path, problems)
      const ms = read('ms', DURATION)
      return ms === undefined ? undefined : { kind, ms }
    }
    case 'uniform': {
      rejectUnknownKeys(record, ['kind', 'minMs', 'maxMs'], path, problems)
      const minMs = read('minMs', DURATION)
      const maxMs = read('maxMs', DURATION)
      if (minMs === undefined || maxMs === undefined) return undefined
      if (maxMs < minMs) return problem(problems, child(path, 'maxMs'), `must be >= minMs (${minMs}), got ${maxMs}`)
      return { kind, minMs, maxMs }
    }
    case 'normal': {
      rejectUnknownKeys(record, ['kind', 'meanMs', 'stdDevMs'], path, problems)
      const meanMs = read('meanMs', DURATION)
      const stdDevMs = read('stdDevMs', DURATION)
      return meanMs === undefined || stdDevMs === undefined ? undefined : { kind, meanMs, stdDevMs }
    }
    case 'lognormal': {
      rejectUnknownKeys(record, ['kind', 'medianMs', 'p99Ms'], path, problems)
      const medianMs = read('medianMs', POSITIVE_DURATION)
      const p99Ms = read('p99Ms', POSITIVE_DURATION)
      if (medianMs === undefined || p99Ms === undefined) return undefined
      if (p99Ms <= medianMs) return problem(problems, child(path, 'p99Ms'), `must be above medianMs (${medianMs}), got ${p99Ms}`)
      return { kind, medianMs, p99Ms }
    }
    case 'pareto': {
      rejectUnknownKeys(record, ['kind', 'scaleMs', 'shape'], path, problems)
      const scaleMs = read('scaleMs', POSITIVE_DURATION)
      const shape = read('shape', { above: 0 })
      return scaleMs === undefined || shape === undefined ? undefined : { kind, scaleMs, shape }
    }
  }
}
