/** Scenarios as data: define, load (decode → defaults → validate → frozen plan), summarise. */
export { defineScenario } from './define.ts'
export { loadScenario, readScenarioFile } from './load.ts'
export { decodeScenario, type DecodeOptions } from './decode/scenario.ts'
export { summarise, renderSummary, type PlanSummary } from './summary.ts'
export { parseThreshold, METRICS } from './thresholds.ts'
export { RULE_SETS, RULE_SET_NAMES } from './rule-sets.ts'
export type * from './types.ts'
export type * from './plan-types.ts'
