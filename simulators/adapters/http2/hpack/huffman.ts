/**
 * HPACK Huffman decoding (RFC 7541 §5.2), table-driven: the code tree is
 * compiled at load into a state machine that consumes 4 bits at a time (the
 * nghttp2 approach). A state is an internal node of the tree; every code is
 * at least 5 bits long, so one nibble completes at most one symbol, and a
 * transition is a single packed integer: next state, symbol, flags.
 *
 * No encoder: pushsim sends its own headers as plain literals (encoder.ts).
 */
import { HUFFMAN_CODES } from './huffman-table.ts'
import { latin1 } from './latin1.ts'

const EOS = 256
// Transition layout: bits 0–7 next state, 8–15 emitted symbol, then flags.
const EMITS = 1 << 16
const FAILS = 1 << 17

const { transitions, accepting } = compile()

// Decoded bytes land here before becoming one string; grown on demand, never shrunk.
let scratch = Buffer.allocUnsafe(256)

/**
 * Decodes buf[start, end) as a Huffman-coded string literal, as latin1.
 * Undefined when the string is invalid (RFC 7541 §5.2): it contains EOS, or
 * its padding is longer than 7 bits or not the high bits of EOS (all ones).
 */
export function huffmanDecode(buf: Uint8Array, start: number, end: number): string | undefined {
  // The shortest code is 5 bits, so n bytes hold at most 8n/5 symbols.
  const most = Math.floor(((end - start) * 8) / 5)
  if (scratch.length < most) scratch = Buffer.allocUnsafe(Math.max(most, scratch.length * 2))
  const out = scratch
  let n = 0
  let state = 0
  for (let i = start; i < end; i++) {
    const byte = buf[i]!
    let t = transitions[(state << 4) | (byte >> 4)]!
    if ((t & FAILS) !== 0) return undefined
    if ((t & EMITS) !== 0) out[n++] = t >> 8
    t = transitions[((t & 0xff) << 4) | (byte & 0xf)]!
    if ((t & FAILS) !== 0) return undefined
    if ((t & EMITS) !== 0) out[n++] = t >> 8
    state = t & 0xff
  }
  return accepting[state] === 1 ? latin1(out, 0, n) : undefined
}

/** Builds the tree from the code table, then the nibble transitions of each internal node. */
function compile(): { transitions: Uint32Array; accepting: Uint8Array } {
  // Internal nodes are numbered from 0 (the root); a child < 0 is the leaf of symbol -child - 1.
  const children: [number, number][] = [[0, 0]]
  const depth = [0]
  // Padding is a strict prefix of EOS: a node on the all-ones path, at most 7 bits deep.
  const onesPath = [true]
  HUFFMAN_CODES.forEach(([bits, code], symbol) => {
    let node = 0
    for (let b = bits - 1; b >= 0; b--) {
      const bit = (code >>> b) & 1
      const pair = children[node]!
      if (b === 0) {
        pair[bit] = -symbol - 1
        break
      }
      if (pair[bit] === 0) {
        pair[bit] = children.length
        children.push([0, 0])
        depth.push(depth[node]! + 1)
        onesPath.push(onesPath[node]! && bit === 1)
      }
      node = pair[bit]!
    }
  })
  // A complete prefix code over 257 symbols has exactly 256 internal nodes: one byte of state.
  if (children.length !== 256) throw new Error(`HPACK Huffman table: ${children.length} internal nodes, expected 256`)

  const transitions = new Uint32Array(256 * 16)
  for (let state = 0; state < 256; state++) {
    for (let nibble = 0; nibble < 16; nibble++) {
      let node = state
      let entry = 0
      for (let b = 3; b >= 0; b--) {
        const next = children[node]![(nibble >> b) & 1]
        if (next === undefined || next === 0) throw new Error('HPACK Huffman table: incomplete code')
        if (next > 0) {
          node = next
          continue
        }
        const symbol = -next - 1
        if (symbol === EOS) {
          entry = FAILS
          break
        }
        if (entry !== 0) throw new Error('HPACK Huffman table: two symbols in one nibble')
        entry = EMITS | (symbol << 8)
        node = 0
      }
      transitions[(state << 4) | nibble] = entry | (entry & FAILS ? 0 : node)
    }
  }
  const accepting = new Uint8Array(256)
  for (let state = 0; state < 256; state++) accepting[state] = onesPath[state]! && depth[state]! <= 7 ? 1 : 0
  return { transitions, accepting }
}
