/**
 * What the dashboard's structured fault form offers, read from the fault
 * language itself (the type registry and the error catalogue), so the form
 * never lists a type or code the engine would refuse.
 */
import { CATALOGUE } from '../../simulators/catalogue/index.ts'
import { FAULT_TYPE_REGISTRY } from '../../simulators/faults/types/index.ts'

export interface FaultFormSchema {
  providers: string[]
  types: { name: string; summary: string; scope: string; attributeKeys: string[]; example: string }[]
  /** Error codes an `error` fault takes, by provider (catalogue names with a wire form). */
  codes: { name: string; provider: string; label: string }[]
  /** Each schedule kind with the numeric fields it takes (validate-schedule.ts). */
  schedules: Record<string, string[]>
}

export function faultFormSchema(): FaultFormSchema {
  return {
    providers: ['apns', 'fcm', 'webpush'],
    types: FAULT_TYPE_REGISTRY.map((type) => ({ name: type.name, summary: type.summary, scope: type.scope, attributeKeys: [...type.attributeKeys], example: type.shorthand.example })),
    codes: CATALOGUE.filter((entry) => entry.provider !== null && Object.keys(entry.wire).length > 0).map((entry) => ({ name: entry.name, provider: entry.provider!, label: entry.label })),
    schedules: { always: [], window: ['fromMs', 'toMs'], after: ['exchanges'], every: ['nth', 'offset'], first: ['attempts'], burst: ['onMs', 'offMs'] },
  }
}
