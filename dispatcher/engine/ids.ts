import { createHmac } from 'node:crypto'

/**
 * Deterministic ids for one run: HMAC-SHA-256 of the seed over a kind and a
 * counter. The dispatcher has its own (it shares no code with pushsim's
 * simulators), and the same seed and audience give the same ids.
 */
export function createIds(seed: string): (kind: string) => string {
  const counters = new Map<string, number>()
  return (kind) => {
    const n = (counters.get(kind) ?? 0) + 1
    counters.set(kind, n)
    const hex = createHmac('sha256', seed).update(`${kind}:${n}`).digest('hex')
    // Lower-case UUID layout (version 4 bits set), as APNs wants for apns-id.
    const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
  }
}

/** A seeded uniform [0, 1) stream for backoff jitter (xorshift32 over an HMAC-derived state). */
export function createRandom(seed: string): () => number {
  let state = createHmac('sha256', seed).update('random').digest().readUInt32LE(0) || 1
  return () => {
    state ^= state << 13
    state ^= state >>> 17
    state ^= state << 5
    return (state >>> 0) / 4294967296
  }
}
