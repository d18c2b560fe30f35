import { importJWK, SignJWT } from 'jose'
import type { WebPushSenderConfig } from './config.ts'

/** (interpretation) 12 h, as the web-push library does; RFC 8292 §2 allows at most 24 h. */
const VAPID_LIFETIME_S = 12 * 3600
/** A cached header is re-signed once less than this is left of its life (run-clock seconds). */
const VAPID_RENEW_MARGIN_S = 3600

type SigningKey = Awaited<ReturnType<typeof importJWK>>

/**
 * The VAPID Authorization (RFC 8292, `vapid t=…, k=…`) signed here rather than
 * by the web-push library, whose `exp` reads the wall clock: the push service
 * judges it on the run clock, and after a jump of days a wall `exp` is expired.
 * One header per push service origin, reused until an hour before its `exp`.
 */
export interface VapidSigner {
  /** The Authorization header for a push endpoint; rejects on unusable keys. */
  header(endpoint: string): Promise<string>
  /** Drops cached headers (a push service refused one): the next send signs afresh. */
  reset(): void
}

export function createVapidSigner(vapid: WebPushSenderConfig['vapid'], now: () => number): VapidSigner {
  let key: Promise<SigningKey> | undefined
  const importKey = () => {
    // The public key is the uncompressed point 0x04 ‖ x ‖ y; the private key is d.
    const point = Buffer.from(vapid.publicKey, 'base64url')
    const jwk = { kty: 'EC', crv: 'P-256', d: vapid.privateKey, x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33, 65).toString('base64url') }
    return importJWK(jwk, 'ES256')
  }
  const byOrigin = new Map<string, { header: string; exp: number }>()
  const header = async (endpoint: string): Promise<string> => {
    const origin = new URL(endpoint).origin
    const nowS = Math.floor(now() / 1000)
    const cached = byOrigin.get(origin)
    if (cached && nowS < cached.exp - VAPID_RENEW_MARGIN_S) return cached.header
    key ??= importKey()
    const signing = await key.catch((error: unknown) => {
      key = undefined
      throw error
    })
    const exp = nowS + VAPID_LIFETIME_S
    const jwt = await new SignJWT({ sub: vapid.subject }).setProtectedHeader({ typ: 'JWT', alg: 'ES256' }).setAudience(origin).setExpirationTime(exp).sign(signing)
    const value = `vapid t=${jwt}, k=${vapid.publicKey}`
    byOrigin.set(origin, { header: value, exp })
    return value
  }
  return { header, reset: () => byOrigin.clear() }
}
