/**
 * The scenario format: what a user writes in a `*.scenario.ts` (through
 * defineScenario), `.json` or `.yaml` file. Every field is data; loading
 * decodes it, applies defaults and validates it into a frozen ScenarioPlan
 * (./plan-types.ts). Durations are the fault language's (`250ms`, `10s`,
 * `2m`, `1h`; a bare number is ms) plus days and weeks (`1d`, `1w`).
 */
import type { Distribution, FaultSpec } from '../simulators/faults/spec.ts'

/** `250ms`, `10s`, `2m`, `1h`, `1d`, `1w`, or a number of milliseconds. */
export type Duration = string | number
/** `1000/s`, `600/min`, `50/10s`, or a number per second. */
export type Rate = string | number
/** A latency/delay distribution: the fault language's object, or its shorthand (`lognormal(2s,30s)`, `500ms`). */
export type DelayDistribution = Distribution | string
/** Shares by name, summing to 1 (`{ apns: 0.5, fcm: 0.5 }`). */
export type Mix<K extends string = string> = Partial<Record<K, number>>

export const CHANNELS = ['apns', 'fcm', 'webpush-chrome', 'webpush-firefox', 'webpush-kaios', 'webpush-safari'] as const
export type Channel = (typeof CHANNELS)[number]
export const APP_STATES = ['foreground', 'background', 'closed'] as const
export type AppState = (typeof APP_STATES)[number]
/** valid; unregistered (APNs 410 / FCM UNREGISTERED / web push unsubscribed 410) since a time; malformed; expired (web push subscription expired, APNs token expired). */
export const TOKEN_STATES = ['valid', 'unregistered', 'malformed', 'expired'] as const
export type TokenState = (typeof TOKEN_STATES)[number]
export const PLATFORMS = ['ios', 'android', 'web'] as const
export type Platform = (typeof PLATFORMS)[number]
/** Person properties the audience generator knows how to fill (and a template may name). */
export const PROPERTIES = ['firstName', 'lastName', 'email', 'city', 'country', 'company', 'birthday'] as const
export type PropertyName = (typeof PROPERTIES)[number]

export interface Scenario {
  /** Names the scenario in plans, reports and the ledger. */
  name: string
  /** Seeds every random draw (audience, devices, faults); default: the scenario's name. */
  seed?: string | number
  /** The run's virtual calendar. */
  clock: ClockConfig
  /** Who receives: persons, their locales, properties and devices. */
  audience: AudienceConfig
  /** Marketing campaigns, sent to the audience by a `campaign` executor. */
  campaigns?: CampaignConfig[]
  /** Transactional messages, sent one person at a time by arrival-rate executors. */
  messages?: MessageConfig[]
  /** When what is sent: phases on the calendar, each with k6-style open-model executors. */
  workload: WorkloadConfig
  /** Faults in the fault language; `window` places one relative to a phase. */
  faults?: ScenarioFault[]
  /** How simulated devices behave once a provider accepts a push. */
  devices?: DevicesConfig
  /** What must hold at the end: k6-form thresholds and conformance rule sets. */
  expectations?: ExpectationsConfig
}

export interface ClockConfig {
  /** The virtual start instant, ISO 8601 with an offset (`2026-03-28T22:00:00+01:00`). */
  start: string
  /**
   * Multiplies every duration of the run, as `--time-scale` does everywhere in pushsim: 0.01 makes a
   * virtual minute last 0.6 real seconds; default 1.
   */
  timeScale?: number
}

export interface AudienceConfig {
  /** How many persons (generated lazily: a million costs nothing until iterated). */
  persons: number
  /** Locale mix (`{ 'de-DE': 0.3, 'en-US': 0.7 }`), one fixed locale (`'fr-FR'`), or `'world'` (default). */
  locales?: 'world' | string | Mix
  /** Timezone mix, one fixed IANA zone, or `'world'` (default: a zone typical of each person's locale). */
  timezones?: 'world' | string | Mix
  /** Properties to generate, each with the share of persons deliberately missing it (`{ firstName: { missing: 0.1 } }`). */
  properties?: Partial<Record<PropertyName, { missing?: number }>>
  /** Share of persons marked as test profiles (they receive test sends); default 0. */
  testProfiles?: number
  /** Share of persons who unsubscribed (§10: not Qualified; their message's deliveries are suppressed, never attempted); default 0. */
  unsubscribed?: number
  /** The devices each person has. */
  devices?: AudienceDevicesConfig
}

export interface AudienceDevicesConfig {
  /** Mix of device counts per person, keys 0..k (`{ 0: 0.05, 1: 0.7, 2: 0.25 }`); default `{ 1: 1 }`. */
  perPerson?: Record<number | string, number>
  /** Channel mix; default an even split over all six channels. */
  channels?: Mix<Channel>
  /** Share of devices whose app has the vendor SDK (reports delivered/opened); default 1. */
  sdk?: number
  /** Share of devices opted in to notifications; default 1. */
  optIn?: number
  /** App state mix; default `{ foreground: 0.1, background: 0.5, closed: 0.4 }`. */
  appStates?: Mix<AppState>
  /** Probability a device is online when a push arrives; default 1. */
  online?: number
  /** Share of Android (fcm) devices dozing; default 0. */
  doze?: number
  /** Token state mix at the provider; default `{ valid: 1 }`. */
  tokens?: Mix<TokenState>
  /** Unregistered tokens became so up to this long before clock.start (uniformly); default `30d`. */
  unregisteredWithin?: Duration
}

/** `{{firstName|there}}`: a person property with an optional fallback. */
export interface TemplateConfig {
  /** Notification title; may use `{{property|fallback}}`. */
  title: string
  /** Notification body; may use `{{property|fallback}}`. */
  body?: string
  /** Deep link opened on tap; mandatory for Safari (else nothing renders). */
  deepLink?: string
}

export interface CampaignConfig {
  /** Names the campaign; executors refer to it. */
  name: string
  /** What is shown; the default variant's template. */
  template: TemplateConfig
  /** `all-devices` (one delivery per device) or `last-device` (one per person); default `all-devices`. */
  targeting?: 'all-devices' | 'last-device'
  /** Channels sent to; default all. */
  channels?: Channel[]
  /** A/B variants by share (summing to 1), each with its own template or the campaign's. */
  variants?: VariantConfig[]
  /** Share of qualified persons held out (receive nothing); default 0. */
  controlGroup?: number
  /** At most N notifications per person per day (global campaign limit); `false` opts this campaign out. */
  frequencyCap?: { perDay: number } | false
  /** Do Not Disturb hours in the person's timezone: discard the send or delay it to the end. */
  dnd?: { from: string; to: string; action: 'discard' | 'delay' }
  /** How long the notification stays deliverable; default 4w. */
  ttl?: Duration
  /** Stop delivering this long after the campaign starts. */
  cutoff?: Duration
  /** Deliver at this local time (`09:00`) in each person's timezone. */
  localTime?: string
  /** Recurring on this day of the month (1..31); starts on the next such day. */
  recurringDay?: number
  /** A test send: only test profiles receive it. */
  test?: boolean
}

export interface VariantConfig {
  /** Names the variant in per-variant stats. */
  name: string
  /** Share of the (non-control) audience; all variants sum to 1. */
  share: number
  /** This variant's template; default the campaign's. */
  template?: TemplateConfig
}

export interface MessageConfig {
  /** Names the message; executors refer to it. */
  name: string
  /** What is shown. */
  template: TemplateConfig
  /** `last-device` (default for transactional) or `all-devices`. */
  targeting?: 'all-devices' | 'last-device'
  /** How long the notification stays deliverable; default 1h. */
  ttl?: Duration
}

export interface WorkloadConfig {
  /** Phases on the calendar, in order. */
  phases: PhaseConfig[]
}

export interface PhaseConfig {
  /** Names the phase; fault windows refer to it. */
  name: string
  /** When it starts, after clock.start (`0s`, `1d`, `1w`); default right after the previous phase. */
  at?: Duration
  /** What is sent in it. */
  executors: ExecutorConfig[]
}

export type ExecutorConfig = CampaignExecutorConfig | ConstantArrivalRateConfig | RampingArrivalRateConfig | KillDispatcherConfig

interface ExecutorBase {
  /** Delay after the phase start; default 0. */
  startTime?: Duration
}

/** A campaign blast: the campaign's whole audience, taken in at `rate` persons per second. */
export interface CampaignExecutorConfig extends ExecutorBase {
  executor: 'campaign'
  /** The campaign's name. */
  campaign: string
  /** Intake rate of persons (`1000/s`). */
  rate: Rate
}

/** Transactional sends at a constant arrival rate for a duration (open model). */
export interface ConstantArrivalRateConfig extends ExecutorBase {
  executor: 'constant-arrival-rate'
  /** The transactional message's name. */
  message: string
  /** Arrivals per time unit (`20/s`). */
  rate: Rate
  /** How long. */
  duration: Duration
}

/** Transactional sends whose rate moves linearly through stages (open model). */
export interface RampingArrivalRateConfig extends ExecutorBase {
  executor: 'ramping-arrival-rate'
  /** The transactional message's name. */
  message: string
  /** The rate at the start; default `0/s`. */
  startRate?: Rate
  /** Each stage ramps linearly to `target` over `duration`. */
  stages: { target: Rate; duration: Duration }[]
}

/**
 * kill -9 of the dispatcher at `startTime`, restarted `restartAfter` (virtual) later on the same
 * database and port: no arrivals of its own. Runs only against a dispatcher the run started as a
 * child process; otherwise it is skipped with a note.
 */
export interface KillDispatcherConfig extends ExecutorBase {
  executor: 'kill-dispatcher'
  /** How long the dispatcher stays down (virtual); default `0s` (restarted at once). */
  restartAfter?: Duration
}

/** A fault of the fault language, optionally with a window relative to a phase instead of a schedule. */
export type ScenarioFault = FaultSpec & {
  /** Active from `from` to `to` after the phase `phase` starts (translated to a schedule window). */
  window?: { phase: string; from?: Duration; to?: Duration }
}

export interface DeviceRates {
  /** Probability the device reports delivered. */
  delivered?: number
  /** Probability it reports opened, given delivered. */
  opened?: number
  /** Probability the person converts, given opened. */
  converted?: number
  /** Delay from receipt to the delivered report. */
  delay?: DelayDistribution
  /** Delay from delivered to opened. */
  openDelay?: DelayDistribution
}

export interface DevicesConfig {
  /** Report probabilities and delays per platform and app state (push-semantics §6 defaults). */
  behaviour?: Partial<Record<Platform, Partial<Record<AppState, DeviceRates>>>>
  /** Offline periods: the share of devices offline at some point, and how long. */
  offline?: { share: number; duration: DelayDistribution }
  /** Probability a report is posted twice (reports are at-least-once); default 0. */
  duplicateReports?: number
}

export interface ExpectationsConfig {
  /** k6-form thresholds: `p99(send_latency) < 2s`, `rate(errors) < 0.01`, `throughput > 1000/s`. */
  thresholds?: string[]
  /** Conformance rule sets that apply, by name. */
  rules?: string[]
}
