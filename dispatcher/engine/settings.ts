import { DEFAULT_CHANNEL_POLICY, type Channel, type ChannelPolicy } from '../model/channel.ts'

/** The dispatcher's own durations and limits, all settings (push-semantics §2), in virtual ms of the run clock. */
export interface DispatchSettings {
  policy: Record<Channel, ChannelPolicy>
  /** Exponential backoff with full jitter between these bounds (interpretation of common practice, §2). */
  backoff: { baseMs: number; capMs: number }
  /**
   * The run clock's starting scale, in (0, 1]: wall ms per virtual ms (0.01: a hundred times faster). Durations
   * stay virtual and unscaled; only wall timers (provider timeouts, sleeps) convert, at the scale of the moment.
   */
  timeScale: number
  /** In-flight attempts per provider. */
  concurrency: { apns: number; fcm: number; webpush: number }
  /** Planned-but-unsent deliveries above which intake waits, so an audience of any size streams in bounded memory. */
  intakeHighWater: number
}

export const DEFAULT_SETTINGS: DispatchSettings = {
  policy: DEFAULT_CHANNEL_POLICY,
  backoff: { baseMs: 1_000, capMs: 60_000 },
  timeScale: 1,
  concurrency: { apns: 200, fcm: 200, webpush: 200 },
  intakeHighWater: 5_000,
}

export type ProviderGroup = keyof DispatchSettings['concurrency']

export const groupOf = (channel: Channel): ProviderGroup => (channel === 'apns' ? 'apns' : channel === 'fcm' ? 'fcm' : 'webpush')

export const CHANNELS_OF: Record<ProviderGroup, Channel[]> = {
  apns: ['apns'],
  fcm: ['fcm'],
  webpush: ['webpush-chrome', 'webpush-firefox', 'webpush-kaios', 'webpush-safari'],
}
