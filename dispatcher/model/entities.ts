import type { Channel, Platform } from './channel.ts'

export type PropertyValue = string | number | boolean | null

/** An end user: properties for personalisation, an IANA timezone for DND and local-time delivery. */
export interface Person {
  id: string
  properties: Record<string, PropertyValue>
  timezone: string
  /** A test profile: the only recipients of test sends. */
  test: boolean
  unsubscribed: boolean
}

export type DeviceAddress =
  | { kind: 'token'; token: string }
  | { kind: 'subscription'; endpoint: string; p256dh: string; auth: string }

/** §7 device management: accepted → sent; bounce → bounced; a second bounce in a row → suppressed. */
export type DeviceStatus = 'unused' | 'sent' | 'bounced' | 'suppressed'

export interface Device {
  id: string
  personId: string
  channel: Channel
  platform: Platform
  address: DeviceAddress
  /** For the OS/device split of metrics. */
  os?: string
  model?: string
  /** Whether the app has the SDK (reports delivered/opened); devices without it never report. */
  sdk: boolean
  lastStatus: DeviceStatus
  /** Consecutive bounces; two suppress the device until it is identified again. */
  bounceStreak: number
  /** For last-used-device targeting. */
  lastSeenAt: number
}

/** Message content; every string may hold `{{property}}` or `{{property|fallback}}`. */
export interface Content {
  title: string
  body: string
  /** Mandatory for Safari (nothing renders without it). */
  deepLink?: string
  icon?: string
  image?: string
  actions?: { id: string; title: string }[]
  data?: Record<string, string>
}

export interface Variant {
  id: string
  /** Share of the (non-control) audience, 0..1; the variants' shares sum to 1. */
  share: number
  content: Content
}

export interface CampaignRules {
  /** At most this many notifications per person per day (across campaigns), unless `capOptOut`. */
  frequencyCapPerDay?: number
  capOptOut?: boolean
  /** Do Not Disturb hours in the person's timezone, e.g. 21:00–09:00. */
  dnd?: { start: string; end: string; mode: 'discard' | 'delay' }
  /** No delivery attempt after this instant (epoch ms). */
  cutoffAt?: number
  /** Deliver at this local time (HH:MM) in the person's timezone, on the campaign's day. */
  localTime?: string
  /** Recurring on this day of the month (1–31) in the person's timezone: starts on the next such day, never earlier (§9). */
  recurringDay?: number
  /** Deliverable this long; no attempt after it; sent to providers as TTL/expiration. */
  ttlSeconds?: number
  /** Share of qualified persons held out (receive nothing), 0..1. */
  controlGroupShare?: number
  /** Send only to persons marked test. */
  testSend?: boolean
}

export interface Campaign {
  id: string
  name: string
  targeting: 'last-device' | 'all-devices'
  variants: Variant[]
  rules: CampaignRules
  /** Which metric profile the dispatcher reports for it (§8). */
  profile: 'webpush' | 'mobile' | 'person-status'
  createdAt: number
}
