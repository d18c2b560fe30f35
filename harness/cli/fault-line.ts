import type { FaultMatch, Schedule, StringMatch } from '../../simulators/faults/spec.ts'

/** A fault as the admin API lists it: validated, with its id. */
export interface ListedFault {
  id: string
  type: string
  match?: FaultMatch
  probability?: number
  schedule?: Schedule
  attributes?: Record<string, unknown>
}

/**
 * One line a fault, for a person: id, type, provider, then what narrows it
 * (match, attributes, probability, schedule) as key=value, two spaces apart.
 */
export function faultLine(fault: ListedFault): string {
  const { provider, ...match } = fault.match ?? {}
  const parts = [
    fault.id,
    fault.type,
    provider === undefined ? '*' : [provider].flat().join(','),
    ...Object.entries(match).map(([key, value]) => `${key}=${valueText(value)}`),
    ...Object.entries(fault.attributes ?? {}).map(([key, value]) => `${key}=${valueText(value)}`),
    ...(fault.probability === undefined || fault.probability === 1 ? [] : [`p=${fault.probability}`]),
    ...scheduleText(fault.schedule),
  ]
  return parts.join('  ')
}

function valueText(value: unknown): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (Array.isArray(value)) return value.map(valueText).join(',')
  const pattern = (value as { pattern?: StringMatch } | null)?.pattern
  return typeof pattern === 'string' ? `/${pattern}/` : JSON.stringify(value)
}

function scheduleText(schedule: Schedule | undefined): string[] {
  switch (schedule?.kind) {
    case undefined:
    case 'always':
      return []
    case 'window':
      return [`window=${schedule.fromMs}-${schedule.toMs ?? ''}ms`]
    case 'after':
      return [`after=${schedule.exchanges}`]
    case 'every':
      return [`every=${schedule.nth}${schedule.offset ? `+${schedule.offset}` : ''}`]
    case 'first':
      return [`first=${schedule.attempts}`]
    case 'burst':
      return [`burst=${schedule.onMs}/${schedule.offMs}ms`]
  }
}
