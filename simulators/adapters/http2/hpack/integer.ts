/**
 * HPACK integers (RFC 7541 §5.1): an N-bit prefix in the first byte, then
 * 7 bits per continuation byte, least significant group first.
 */

/** Where a read stopped. One cursor per decoder keeps the hot path free of result objects. */
export interface Cursor {
  at: number
}

// Nothing HPACK counts (indices, lengths, table sizes) needs more than 31 bits; the
// bound stops a peer from spinning on endless continuation bytes or overflowing.
export const MAX_INTEGER = 0x7fffffff
// 5 continuation bytes carry 35 bits: enough for MAX_INTEGER with a short prefix, plus slack for zero padding.
const MAX_CONTINUATION_BYTES = 5

/**
 * Reads the integer at cursor.at with a prefixBits-bit prefix and advances
 * the cursor past it. -1 when it is truncated (runs past end) or too large.
 */
export function readInteger(buf: Uint8Array, cursor: Cursor, end: number, prefixBits: number): number {
  let at = cursor.at
  if (at >= end) return -1
  const mask = (1 << prefixBits) - 1
  let value = buf[at++]! & mask
  if (value < mask) {
    cursor.at = at
    return value
  }
  // Multiplying rather than shifting: shifts are 32-bit signed in JS.
  let scale = 1
  for (let i = 0; i < MAX_CONTINUATION_BYTES; i++) {
    if (at >= end) return -1
    const byte = buf[at++]!
    value += (byte & 0x7f) * scale
    if (value > MAX_INTEGER) return -1
    if ((byte & 0x80) === 0) {
      cursor.at = at
      return value
    }
    scale *= 128
  }
  return -1
}

/** Bytes writeInteger will use for value with a prefixBits-bit prefix. */
export function integerLength(value: number, prefixBits: number): number {
  const mask = (1 << prefixBits) - 1
  if (value < mask) return 1
  let n = 2
  for (let rest = value - mask; rest >= 128; rest = Math.floor(rest / 128)) n++
  return n
}

/**
 * Writes value with a prefixBits-bit prefix at out[at], OR-ing `flags` (the
 * representation's pattern bits above the prefix) into the first byte.
 * Returns the position after it.
 */
export function writeInteger(out: Uint8Array, at: number, value: number, prefixBits: number, flags: number): number {
  const mask = (1 << prefixBits) - 1
  if (value < mask) {
    out[at++] = flags | value
    return at
  }
  out[at++] = flags | mask
  let rest = value - mask
  while (rest >= 128) {
    out[at++] = (rest % 128) | 0x80
    rest = Math.floor(rest / 128)
  }
  out[at++] = rest
  return at
}
