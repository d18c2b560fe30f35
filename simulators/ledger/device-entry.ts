/**
 * A `device` line: what a simulated device (the harness's) decided about a
 * push it received, or a report it sent the dispatcher. Written through
 * `ledger.appendEvent`, numbered with the exchanges; docs/ledger.md
 * "A device entry" and docs/ledger.schema.json `$defs/device` describe it.
 */
export const DEVICE_CHANNELS = ['apns', 'fcm', 'webpush-chrome', 'webpush-firefox', 'webpush-kaios', 'webpush-safari'] as const
export type DeviceChannel = (typeof DEVICE_CHANNELS)[number]

/** Why a device reported nothing for a push (decision.reason). */
export const NOT_DELIVERED_REASONS = ['no-sdk', 'not-opted-in', 'offline', 'doze', 'safari-no-events', 'untracked', 'not-drawn'] as const
export type NotDeliveredReason = (typeof NOT_DELIVERED_REASONS)[number]

export const DEVICE_REPORTS = ['delivered', 'opened', 'converted'] as const
export type DeviceReport = (typeof DEVICE_REPORTS)[number]

interface DeviceEntryBase {
  schema: number
  kind: 'device'
  seq: number
  /** Wall time the line was appended (ISO, ms); the run clock's segments map it to virtual time. */
  at: string
  /** When on the run clock it happened (ISO). */
  virtualAt: string
  deviceId: string
  personId: string
  channel: DeviceChannel
  deliveryId: string | null
  /** seq of the accepted exchange that carried the push. */
  exchange: number
}

export interface DeviceDecisionEntry extends DeviceEntryBase {
  event: 'decision'
  decision: { delivered: boolean; opened: boolean; converted: boolean; reason: NotDeliveredReason | null }
  /** When each report falls due, virtual ISO instants. */
  due: Partial<Record<DeviceReport, string>>
  /** Web push only: the title and body the decrypted notification shows (its encrypted body keeps them off the exchange line); absent when its payload has neither form the devices read. */
  shown?: { title: string; body: string }
}

export interface DeviceReportEntry extends DeviceEntryBase {
  event: 'report'
  report: DeviceReport
  duplicate: boolean
  /** The dispatcher's HTTP status; null when it was unreachable. */
  status: number | null
  /** Which try of the report this was (from 1), when the writer retries. */
  attempt?: number
  error?: string
}

export type DeviceEntry = DeviceDecisionEntry | DeviceReportEntry
