/**
 * The HPACK encoder for pushsim's own header blocks (responses, trailers).
 *
 * It never touches the peer's dynamic table: an exact static match is an
 * indexed field, anything else a literal without indexing (RFC 7541 §6.2.2),
 * with an indexed name when the static table has the name. So the encoder is
 * stateless, and we never track the peer's SETTINGS_HEADER_TABLE_SIZE (a
 * block without size updates or indexing is valid under any table size).
 * Strings go out raw, not Huffman-coded: responses are a few short headers,
 * and skipping the code keeps the hot path to plain byte copies.
 */
import { integerLength, writeInteger } from './integer.ts'
import { staticExactIndex, staticNameIndex } from './static-table.ts'

/** [name, value]: the name already lower-case (RFC 9113 §8.2.1); both latin1, one octet per char. */
export type HeaderField = readonly [name: string, value: string]

// Per field, from the sizing pass to the writing pass: > 0 exact static index, < 0 minus a static name index, 0 no match.
let plan = new Int32Array(16)
// Shorter strings are copied by a loop: cheaper than a call into Buffer's native write.
const LOOP_COPY_MAX = 32

/**
 * Encodes fields, in order, as one header block in a single allocation.
 * Chars above U+00FF cannot be sent in HTTP/2 fields; they would keep only
 * their low byte (as Buffer's latin1 encoding does), so validate values first.
 */
export function encodeHeaderBlock(fields: readonly HeaderField[]): Buffer {
  if (plan.length < fields.length) plan = new Int32Array(Math.max(fields.length, plan.length * 2))
  let total = 0
  for (let i = 0; i < fields.length; i++) {
    const [name, value] = fields[i]!
    const exact = staticExactIndex(name, value)
    if (exact !== 0) {
      plan[i] = exact
      total += integerLength(exact, 7)
      continue
    }
    const nameIndex = staticNameIndex(name)
    plan[i] = -nameIndex
    total += nameIndex !== 0 ? integerLength(nameIndex, 4) : 1 + integerLength(name.length, 7) + name.length
    total += integerLength(value.length, 7) + value.length
  }

  const out = Buffer.allocUnsafe(total)
  let at = 0
  for (let i = 0; i < fields.length; i++) {
    const [name, value] = fields[i]!
    const step = plan[i]!
    if (step > 0) {
      // 1xxxxxxx: indexed field (§6.1).
      at = writeInteger(out, at, step, 7, 0x80)
      continue
    }
    // 0000xxxx: literal without indexing (§6.2.2); a zero name index means a literal name follows.
    if (step < 0) at = writeInteger(out, at, -step, 4, 0x00)
    else {
      out[at++] = 0x00
      at = writeString(out, at, name)
    }
    at = writeString(out, at, value)
  }
  return out
}

/** A raw string literal (§5.2, H = 0): length with a 7-bit prefix, then the octets. */
function writeString(out: Buffer, at: number, text: string): number {
  at = writeInteger(out, at, text.length, 7, 0x00)
  if (text.length <= LOOP_COPY_MAX) {
    for (let i = 0; i < text.length; i++) out[at + i] = text.charCodeAt(i)
  } else out.write(text, at, 'latin1')
  return at + text.length
}
