/** The catalogue names (pushsim errors) each probe injects, per provider: web push is measured on Firefox's autopush. */
import type { Provider } from './library-adapter.ts'

export interface ProviderCodes {
  /** The token is dead: APNs 410, FCM 404, autopush 410. */
  dead: string
  internal: string
  unavailable: string
  rateLimited: string
}

export const PROVIDER_CODES: Readonly<Record<Provider, ProviderCodes>> = {
  apns: { dead: 'Unregistered', internal: 'InternalServerError', unavailable: 'ServiceUnavailable', rateLimited: 'TooManyRequests' },
  fcm: { dead: 'UNREGISTERED', internal: 'INTERNAL', unavailable: 'UNAVAILABLE', rateLimited: 'QUOTA_EXCEEDED' },
  webpush: { dead: 'autopush:106', internal: 'autopush:999', unavailable: 'autopush:201', rateLimited: 'autopush:rate-limited' },
}
