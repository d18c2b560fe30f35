import { importJWK, SignJWT } from 'jose'
import type { WebPushSenderConfig } from './config.ts'

/** (interpretation) 12 h, as the web-push library does; RFC 8292 §2 allows at most 24 h. */
const VAPID_LIFETIME_S = 12 * 3600

type SigningKey = Awaited<ReturnType<typeof importJWK>>

/**
 * The VAPID Authorization (RFC 8292, `vapid t=…, k=…`) signed here rather than
 * by the web-push library, whose `exp` reads the wall clock: the push service
 * judges it on the run clock, and after a jump of days a wall `exp` is expired.
 */
export function createVapidSigner(vapid: WebPushSenderConfig['vapid'], now: () => number): (endpoint: string) => Promise<string> {
  let key: Promise<SigningKey> | undefined
  const importKey = () => {
    // The public key is the uncompressed point 0x04 ‖ x ‖ y; the private key is d.
    const point = Buffer.from(vapid.publicKey, 'base64url')
    const jwk = { kty: 'EC', crv: 'P-256', d: vapid.privateKey, x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33, 65).toString('base64url') }
    return importJWK(jwk, 'ES256')
  }
  return async (endpoint) => {
    key ??= importKey()
    const signing = await key.catch((error: unknown) => {
      key = undefined
      throw error
    })
    const jwt = await new SignJWT({ sub: vapid.subject })
      .setProtectedHeader({ typ: 'JWT', alg: 'ES256' })
      .setAudience(new URL(endpoint).origin)
      .setExpirationTime(Math.floor(now() / 1000) + VAPID_LIFETIME_S)
      .sign(signing)
    return `vapid t=${jwt}, k=${vapid.publicKey}`
  }
}
