import type { WireTarget } from '../../catalogue/index.ts'

/**
 * Catalogue entries that `outage` and an unnamed `rate-limit` answer with,
 * per target: each provider's own form of "unavailable" and "too many".
 */
const OUTAGE: Record<WireTarget, { unavailable: string; shutdown: string }> = {
  apns: { unavailable: 'ServiceUnavailable', shutdown: 'Shutdown' },
  fcm: { unavailable: 'UNAVAILABLE', shutdown: 'UNAVAILABLE' },
  chrome: { unavailable: 'chrome:unavailable', shutdown: 'chrome:unavailable' },
  firefox: { unavailable: 'autopush:201', shutdown: 'autopush:201' },
  kaios: { unavailable: 'autopush:201', shutdown: 'autopush:201' },
  safari: { unavailable: 'safari:ServiceUnavailable', shutdown: 'safari:Shutdown' },
}

const RATE_LIMITED: Record<WireTarget, string> = {
  apns: 'TooManyRequests',
  fcm: 'QUOTA_EXCEEDED',
  chrome: 'chrome:rate-limited',
  firefox: 'autopush:rate-limited',
  kaios: 'autopush:rate-limited',
  safari: 'safari:TooManyRequests',
}

export const outageCode = (target: WireTarget, form: 'unavailable' | 'shutdown'): string => OUTAGE[target][form]
export const rateLimitCode = (target: WireTarget): string => RATE_LIMITED[target]
