import { createECDH, createPublicKey, type KeyObject } from 'node:crypto'
import type { Rng } from '../../kernel/rng.ts'
import { decodeBase64Url, encodeBase64Url } from './base64url.ts'

/** An uncompressed P-256 point is 0x04 ‖ X ‖ Y (RFC 8291 §3.1, RFC 8292 §3.2). */
export const POINT_LENGTH = 65

export interface EcdhKeyPair {
  /** 32-byte private scalar. */
  privateKey: Buffer
  /** 65-byte uncompressed public point. */
  publicKey: Buffer
}

/** Public point of a private scalar, or undefined when the scalar is not a valid P-256 key. */
export function publicKeyOf(privateKey: Buffer): Buffer | undefined {
  if (privateKey.length !== 32) return undefined
  try {
    const ecdh = createECDH('prime256v1')
    ecdh.setPrivateKey(privateKey)
    return ecdh.getPublicKey()
  } catch {
    return undefined
  }
}

/**
 * A key pair drawn from the seeded Rng, so a replayed run creates the same
 * subscriptions. A draw ≥ the curve order (p ≈ 2^-32) is simply redrawn.
 */
export function generateKeyPair(rng: Rng): EcdhKeyPair {
  for (;;) {
    const privateKey = rng.bytes(32)
    const publicKey = publicKeyOf(privateKey)
    if (publicKey) return { privateKey, publicKey }
  }
}

/** A verification key for a raw uncompressed point, or undefined if the bytes are not on the curve. */
export function pointToKeyObject(point: Buffer): KeyObject | undefined {
  if (point.length !== POINT_LENGTH || point[0] !== 0x04) return undefined
  try {
    return createPublicKey({
      key: {
        kty: 'EC',
        crv: 'P-256',
        x: encodeBase64Url(point.subarray(1, 33)),
        y: encodeBase64Url(point.subarray(33)),
      },
      format: 'jwk',
    })
  } catch {
    return undefined
  }
}

/** Canonical (unpadded base64url) form of a valid public point given as text, else undefined. */
export function canonicalPublicKey(text: string): string | undefined {
  const point = decodeBase64Url(text)
  if (!point || !pointToKeyObject(point)) return undefined
  return encodeBase64Url(point)
}
