/**
 * Decodes `devices`: report probabilities and delays per platform and app
 * state. Defaults follow push-semantics.md §6: a closed app reports nothing
 * until next opened (a long delay), background reports less often.
 */
import type { Distribution } from '../../simulators/faults/spec.ts'
import type { DeviceRatesPlan, DevicesPlan } from '../plan-types.ts'
import { APP_STATES, PLATFORMS, type AppState, type Platform } from '../types.ts'
import { child, readDistribution, readRecord, rejectUnknown, shareOr, type Problems } from './read.ts'

const RATE_KEYS = ['delivered', 'opened', 'converted', 'delay', 'openDelay']

const lognormal = (medianMs: number, p99Ms: number): Distribution => ({ kind: 'lognormal', medianMs, p99Ms })
const DEFAULTS: Readonly<Record<AppState, DeviceRatesPlan>> = {
  foreground: { delivered: 0.98, opened: 0.3, converted: 0.1, delay: lognormal(300, 3_000), openDelay: lognormal(5_000, 60_000) },
  background: { delivered: 0.9, opened: 0.1, converted: 0.05, delay: lognormal(1_000, 25_000), openDelay: lognormal(600_000, 7_200_000) },
  closed: { delivered: 0.7, opened: 0.05, converted: 0.02, delay: lognormal(3_600_000, 86_400_000), openDelay: lognormal(60_000, 600_000) },
}

export function decodeDevices(value: unknown, problems: Problems): DevicesPlan | undefined {
  const path = 'devices'
  const record = readRecord(value ?? {}, path, problems)
  if (record === undefined) return undefined
  const before = problems.length
  rejectUnknown(record, ['behaviour', 'offline', 'duplicateReports'], path, problems)
  const behaviourRecord = readRecord(record.behaviour ?? {}, child(path, 'behaviour'), problems)
  if (behaviourRecord !== undefined) rejectUnknown(behaviourRecord, PLATFORMS, child(path, 'behaviour'), problems)
  const behaviour = Object.fromEntries(
    PLATFORMS.map((platform) => [platform, decodePlatform(behaviourRecord?.[platform], child(child(path, 'behaviour'), platform), problems)]),
  ) as Record<Platform, Record<AppState, DeviceRatesPlan>>
  const offline = decodeOffline(record.offline, child(path, 'offline'), problems)
  const duplicateReports = shareOr(record, 'duplicateReports', path, problems, 0)
  if (problems.length > before) return undefined
  return { behaviour, offline: offline!, duplicateReports: duplicateReports! }
}

function decodePlatform(value: unknown, path: string, problems: Problems): Record<AppState, DeviceRatesPlan> {
  const record = readRecord(value ?? {}, path, problems) ?? {}
  rejectUnknown(record, APP_STATES, path, problems)
  return Object.fromEntries(APP_STATES.map((state) => [state, decodeRates(record[state], child(path, state), DEFAULTS[state], problems)])) as Record<AppState, DeviceRatesPlan>
}

function decodeRates(value: unknown, path: string, defaults: DeviceRatesPlan, problems: Problems): DeviceRatesPlan {
  if (value === undefined) return defaults
  const record = readRecord(value, path, problems)
  if (record === undefined) return defaults
  rejectUnknown(record, RATE_KEYS, path, problems)
  const delay = record.delay === undefined ? defaults.delay : readDistribution(record.delay, child(path, 'delay'), problems)
  const openDelay = record.openDelay === undefined ? defaults.openDelay : readDistribution(record.openDelay, child(path, 'openDelay'), problems)
  return {
    delivered: shareOr(record, 'delivered', path, problems, defaults.delivered) ?? defaults.delivered,
    opened: shareOr(record, 'opened', path, problems, defaults.opened) ?? defaults.opened,
    converted: shareOr(record, 'converted', path, problems, defaults.converted) ?? defaults.converted,
    delay: delay ?? defaults.delay,
    openDelay: openDelay ?? defaults.openDelay,
  }
}

function decodeOffline(value: unknown, path: string, problems: Problems): DevicesPlan['offline'] | undefined {
  if (value === undefined) return { share: 0, duration: { kind: 'fixed', ms: 0 } }
  const record = readRecord(value, path, problems)
  if (record === undefined) return undefined
  rejectUnknown(record, ['share', 'duration'], path, problems)
  const share = shareOr(record, 'share', path, problems, 0)
  const duration = readDistribution(record.duration, child(path, 'duration'), problems)
  return share === undefined || duration === undefined ? undefined : { share, duration }
}
