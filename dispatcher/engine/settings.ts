import { DEFAULT_CHANNEL_POLICY, type Channel, type ChannelPolicy } from '../model/channel.ts'

/** The dispatcher's own durations and limits, all settings (push-semantics §2), before scaling. */
export interface DispatchSettings {
  policy: Record<Channel, ChannelPolicy>
  /** Exponential backoff with full jitter between these bounds (interpretation of common practice, §2). */
  backoff: { baseMs: number; capMs: number }
  /** Multiplies every duration above (0.01 for fast conformance runs); provider Retry-After is never scaled. */
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

/** The channel table with every timeout multiplied by the time scale. */
export function scalePolicy(settings: DispatchSettings): Record<Channel, ChannelPolicy> {
  const scaled = {} as Record<Channel, ChannelPolicy>
  for (const [channel, policy] of Object.entries(settings.policy) as [Channel, ChannelPolicy][]) {
    scaled[channel] = { ...policy, connectTimeoutMs: policy.connectTimeoutMs * settings.timeScale, readTimeoutMs: policy.readTimeoutMs * settings.timeScale }
  }
  return scaled
}

export type ProviderGroup = keyof DispatchSettings['concurrency']

export const groupOf = (channel: Channel): ProviderGroup => (channel === 'apns' ? 'apns' : channel === 'fcm' ? 'fcm' : 'webpush')

export const CHANNELS_OF: Record<ProviderGroup, Channel[]> = {
  apns: ['apns'],
  fcm: ['fcm'],
  webpush: ['webpush-chrome', 'webpush-firefox', 'webpush-kaios', 'webpush-safari'],
}
