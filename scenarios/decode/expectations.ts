/** Decodes `expectations`: thresholds parsed and type-checked, rule sets by name. */
import { RULE_SET_NAMES } from '../rule-sets.ts'
import type { ThresholdPlan } from '../plan-types.ts'
import { parseThreshold } from '../thresholds.ts'
import { nearest, preview, problem, readArray, readRecord, rejectUnknown, type Problems } from './read.ts'

export function decodeExpectations(value: unknown, problems: Problems): { thresholds: ThresholdPlan[]; rules: string[] } | undefined {
  const path = 'expectations'
  const record = readRecord(value ?? {}, path, problems)
  if (record === undefined) return undefined
  rejectUnknown(record, ['thresholds', 'rules'], path, problems)
  const thresholds =
    record.thresholds === undefined
      ? []
      : readArray(record.thresholds, `${path}.thresholds`, problems, (item, at) => {
          if (typeof item !== 'string') return problem(problems, at, `expected a threshold such as "p99(send_latency) < 2s", got ${preview(item)}`)
          const parsed = parseThreshold(item)
          return parsed.ok ? parsed.value : problem(problems, at, parsed.message)
        })
  const rules =
    record.rules === undefined
      ? []
      : readArray(record.rules, `${path}.rules`, problems, (item, at) => {
          if (typeof item === 'string' && (RULE_SET_NAMES as string[]).includes(item)) return item
          const near = typeof item === 'string' ? nearest(item, RULE_SET_NAMES) : undefined
          return problem(problems, at, `unknown rule set ${preview(item)}${near === undefined ? '' : ` (did you mean ${near}?)`}; expected one of: ${RULE_SET_NAMES.join(', ')}`)
        })
  return thresholds === undefined || rules === undefined ? undefined : { thresholds, rules }
}
