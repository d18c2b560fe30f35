/**
 * The oracle's own copy of push-semantics.md §2 (timeouts and retry limits
 * per channel), never the dispatcher's: the oracle recomputes, it does not
 * trust. §2 also says a dispatcher is checked against the values it
 * declares (its /health `settings.policy`, kept in run-result.json), so a
 * declared value overrides the default here, and evidence names which.
 */
import type { ProviderName } from '../../simulators/kernel/exchange.ts'

export type Channel = 'apns' | 'fcm' | 'webpush-chrome' | 'webpush-firefox' | 'webpush-kaios' | 'webpush-safari'

export const CHANNELS: readonly Channel[] = ['apns', 'fcm', 'webpush-chrome', 'webpush-firefox', 'webpush-kaios', 'webpush-safari']

export interface ChannelLimits {
  /** Virtual ms. */
  connectTimeoutMs: number
  /** Virtual ms. */
  readTimeoutMs: number
  /** Retries after the first attempt: at most 1 + retryLimit attempts (§2 interpretation). */
  retryLimit: number
  /** `table` (§2 default) or `declared` (the dispatcher's /health). */
  source: 'table' | 'declared'
}

/** push-semantics.md §2, "Timeouts and retry limits per channel" (connect timeout, read timeout, retry limit). */
const SECTION_2: Readonly<Record<Channel, { connectTimeoutMs: number; readTimeoutMs: number; retryLimit: number }>> = {
  'webpush-chrome': { connectTimeoutMs: 10_000, readTimeoutMs: 10_000, retryLimit: 6 },
  'webpush-firefox': { connectTimeoutMs: 10_000, readTimeoutMs: 10_000, retryLimit: 3 },
  'webpush-kaios': { connectTimeoutMs: 10_000, readTimeoutMs: 10_000, retryLimit: 3 },
  'webpush-safari': { connectTimeoutMs: 10_000, readTimeoutMs: 30_000, retryLimit: 3 },
  apns: { connectTimeoutMs: 10_000, readTimeoutMs: 30_000, retryLimit: 10 },
  fcm: { connectTimeoutMs: 10_000, readTimeoutMs: 30_000, retryLimit: 10 },
}

/** The limits to hold each channel to: §2's, or what the dispatcher declared in `settings.policy`. */
export function channelLimits(declaredSettings: unknown): Record<Channel, ChannelLimits> {
  const policy = (declaredSettings as { policy?: Record<string, { connectTimeoutMs?: unknown; readTimeoutMs?: unknown; retryLimit?: unknown }> } | null | undefined)?.policy
  const limits = {} as Record<Channel, ChannelLimits>
  for (const channel of CHANNELS) {
    const declared = policy?.[channel]
    const connectTimeoutMs = typeof declared?.connectTimeoutMs === 'number' ? declared.connectTimeoutMs : SECTION_2[channel].connectTimeoutMs
    const readTimeoutMs = typeof declared?.readTimeoutMs === 'number' ? declared.readTimeoutMs : SECTION_2[channel].readTimeoutMs
    const retryLimit = typeof declared?.retryLimit === 'number' ? declared.retryLimit : SECTION_2[channel].retryLimit
    const same = connectTimeoutMs === SECTION_2[channel].connectTimeoutMs && readTimeoutMs === SECTION_2[channel].readTimeoutMs && retryLimit === SECTION_2[channel].retryLimit
    limits[channel] = { connectTimeoutMs, readTimeoutMs, retryLimit, source: same ? 'table' : 'declared' }
  }
  return limits
}

/** The channel an exchange went over, from the provider and (web push) the browser flavour; undefined when the wire does not say. */
export function channelOf(provider: ProviderName, flavour: string | null): Channel | undefined {
  if (provider === 'apns' || provider === 'fcm') return provider
  const channel = `webpush-${flavour}`
  return (CHANNELS as readonly string[]).includes(channel) ? (channel as Channel) : undefined
}
