/**
 * The frozen plan a scenario decodes to: defaults applied, durations in ms,
 * rates per second, phases on the calendar, the fault plan the simulators
 * take, and a lazily generated audience.
 */
import type { Distribution, FaultSpec, PlanProblem } from '../simulators/faults/spec.ts'
import type { ExecutorLoad, ExpectedDeliveries } from './expected.ts'
import type { AppState, Channel, Platform, PropertyName, TokenState } from './types.ts'

/** Resolved shares: entries with share > 0, summing to 1. */
export type Shares<K extends string = string> = readonly (readonly [K, number])[]

export interface TemplatePlan {
  title: string
  body?: string
  deepLink?: string
  /** Every `{{property|fallback}}` of title and body. */
  placeholders: readonly { property: PropertyName; fallback?: string }[]
}

export interface AudiencePlan {
  persons: number
  locales: Shares
  /** undefined: each person's timezone follows their locale (the world mix). */
  timezones?: Shares
  properties: readonly { name: PropertyName; missing: number }[]
  testProfiles: number
  /** Share of persons unsubscribed (push-semantics §10). */
  unsubscribed: number
  devices: {
    perPerson: Shares<string>
    channels: Shares<Channel>
    sdk: number
    optIn: number
    appStates: Shares<AppState>
    online: number
    doze: number
    tokens: Shares<TokenState>
    unregisteredWithinMs: number
  }
}

export interface CampaignPlan {
  name: string
  template: TemplatePlan
  targeting: 'all-devices' | 'last-device'
  channels: readonly Channel[]
  variants: readonly { name: string; share: number; template: TemplatePlan }[]
  controlGroup: number
  frequencyCap?: { perDay: number }
  dnd?: { from: string; to: string; action: 'discard' | 'delay' }
  ttlMs: number
  cutoffMs?: number
  localTime?: string
  recurringDay?: number
  test: boolean
}

export interface MessagePlan {
  name: string
  template: TemplatePlan
  targeting: 'all-devices' | 'last-device'
  ttlMs: number
}

/** One executor, rates per second; `curve` is its planned arrival rate over time from the phase start. */
export type ExecutorPlan =
  | { executor: 'campaign'; campaign: string; ratePerSecond: number; startMs: number }
  | { executor: 'constant-arrival-rate'; message: string; ratePerSecond: number; durationMs: number; startMs: number }
  | { executor: 'ramping-arrival-rate'; message: string; startRatePerSecond: number; stages: readonly { targetPerSecond: number; durationMs: number }[]; startMs: number }
  | { executor: 'kill-dispatcher'; restartAfterMs: number; startMs: number }

export interface PhasePlan {
  name: string
  /** Offset from clock.start. */
  offsetMs: number
  /** The phase's start on the calendar (ISO, UTC). */
  at: string
  /** Until its last executor ends. */
  durationMs: number
  executors: readonly ExecutorPlan[]
  /** Per executor, in the same order: arrivals, duration and rate over time. */
  load: readonly ExecutorLoad[]
  /** All executors' arrivals. */
  arrivals: number
}

export interface DeviceRatesPlan {
  delivered: number
  opened: number
  converted: number
  delay: Distribution
  openDelay: Distribution
}

export interface DevicesPlan {
  behaviour: Readonly<Record<Platform, Readonly<Record<AppState, DeviceRatesPlan>>>>
  offline: { share: number; duration: Distribution }
  duplicateReports: number
}

export type ThresholdAggregation = 'p' | 'avg' | 'min' | 'max' | 'med' | 'rate' | 'count' | 'throughput'

export interface ThresholdPlan {
  /** The source text, as written. */
  source: string
  metric: string
  aggregation: ThresholdAggregation
  /** For `p`: the percentile (99 for `p99(...)`, 99.9 for `p(99.9)`). */
  percentile?: number
  operator: '<' | '<=' | '>' | '>=' | '==' | '!='
  /** In the metric's unit: ms for trends, a ratio for rates, per second for throughput, a count for counters. */
  value: number
}

export interface DeviceOfPerson {
  id: string
  channel: Channel
  /** A device token (APNs hex, FCM registration token) or a subscription placeholder (`webpush-chrome:<id>`). */
  token: string
  tokenState: TokenState
  /** For an unregistered token: since when (ISO). */
  unregisteredSince?: string
  sdk: boolean
  optIn: boolean
  appState: AppState
  online: boolean
  doze: boolean
  /** When the person last used it (ISO): the `last-device` target is the latest. */
  lastUsedAt: string
}

export interface Person {
  index: number
  id: string
  name: string
  locale: string
  timezone: string
  /** Only the properties the person has: the missing ones are absent. */
  properties: Readonly<Partial<Record<PropertyName, string>>>
  test: boolean
  /** Unsubscribed (§10): sent with `unsubscribed: true`, so the dispatcher must suppress, never attempt, their message. */
  unsubscribed: boolean
  devices: readonly DeviceOfPerson[]
}

/** Persons generated on demand from the seed: `personAt(i)` depends on nothing but the seed and i. */
export interface Audience extends Iterable<Person> {
  readonly size: number
  personAt(index: number): Person
}

export interface ScenarioPlan {
  name: string
  seed: string
  clock: { start: string; startMs: number; timeScale: number }
  audience: AudiencePlan
  campaigns: readonly CampaignPlan[]
  messages: readonly MessagePlan[]
  phases: readonly PhasePlan[]
  /** The fault plan the simulators take (`pushsim serve --faults`): windows already translated. */
  faults: { faults: readonly FaultSpec[]; seed: string; timeScale: number }
  devices: DevicesPlan
  expectations: { thresholds: readonly ThresholdPlan[]; rules: readonly string[] }
  /** Deliveries expected per campaign and per transactional message (by name), from the shares. */
  expected: { campaigns: Readonly<Record<string, ExpectedDeliveries>>; messages: Readonly<Record<string, ExpectedDeliveries>> }
  /** The persons, generated lazily. */
  persons: Audience
}

export type ScenarioResult = { ok: true; plan: ScenarioPlan } | { ok: false; problems: PlanProblem[] }
