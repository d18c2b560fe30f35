/**
 * An independent HPACK encoder (RFC 7541) for the fuzz tests: written from
 * the RFC, sharing no code or table with simulators/adapters/http2/hpack,
 * so decode(encode(x)) = x checks the decoder against a second reading of
 * the spec rather than against itself.
 *
 * Unlike pushsim's own encoder (static table and plain literals only), it
 * uses every representation: indexed fields (static and dynamic), literals
 * with incremental indexing, without indexing and never indexed, with an
 * indexed or a literal name, Huffman-coded or raw strings, and dynamic
 * table size updates; it keeps its own copy of the dynamic table across
 * blocks, as a client's encoder does.
 */

/** RFC 7541 Appendix A, typed from the RFC. */
export const REFERENCE_STATIC_TABLE: readonly (readonly [string, string])[] = [
  [':authority', ''], [':method', 'GET'], [':method', 'POST'], [':path', '/'], [':path', '/index.html'],
  [':scheme', 'http'], [':scheme', 'https'], [':status', '200'], [':status', '204'], [':status', '206'],
  [':status', '304'], [':status', '400'], [':status', '404'], [':status', '500'], ['accept-charset', ''],
  ['accept-encoding', 'gzip, deflate'], ['accept-language', ''], ['accept-ranges', ''], ['accept', ''], ['access-control-allow-origin', ''],
  ['age', ''], ['allow', ''], ['authorization', ''], ['cache-control', ''], ['content-disposition', ''],
  ['content-encoding', ''], ['content-language', ''], ['content-length', ''], ['content-location', ''], ['content-range', ''],
  ['content-type', ''], ['cookie', ''], ['date', ''], ['etag', ''], ['expect', ''],
  ['expires', ''], ['from', ''], ['host', ''], ['if-match', ''], ['if-modified-since', ''],
  ['if-none-match', ''], ['if-range', ''], ['if-unmodified-since', ''], ['last-modified', ''], ['link', ''],
  ['location', ''], ['max-forwards', ''], ['proxy-authenticate', ''], ['proxy-authorization', ''], ['range', ''],
  ['referer', ''], ['refresh', ''], ['retry-after', ''], ['server', ''], ['set-cookie', ''],
  ['strict-transport-security', ''], ['transfer-encoding', ''], ['user-agent', ''], ['vary', ''], ['via', ''],
  ['www-authenticate', ''],
]

/**
 * RFC 7541 Appendix B as code lengths only: the code is canonical (codes of
 * one length are consecutive, in symbol order), so the lengths fix every
 * code. One letter per symbol 0…256 (EOS), 'A' = 5 bits, 'B' = 6, ….
 * Checked in the tests against the RFC's Appendix C examples.
 */
const HUFFMAN_LENGTHS =
  'ISXXXXXXXTZXXZXXXXXXXXZXXXXXXXXXBFFHIBDGFFDGDBBBAAABBBBBBBCDKBHFIBCCCCCCCCCCCCCCCCCCCCCCDCDIOIJBKABABABBBACCBBBABCBAABCCCCCKGJIXPRPPRRRSRSSSSSTSTTRSTSSSSQRSRSSTRQPRRSSQSRRTQRSSQQRQSRSSPRRRSRRSVVPORSRUVVVWWVTUOQVWWVWTQQVVXWWWPTPQRQQSRRUUTTVSVWVVWWWWWXWWWWWVZ'

/** [bits, code] per symbol, built canonically from the lengths. */
export const REFERENCE_HUFFMAN: readonly (readonly [bits: number, code: number])[] = (() => {
  const lengths = [...HUFFMAN_LENGTHS].map((letter) => letter.charCodeAt(0) - 65 + 5)
  if (lengths.length !== 257) throw new Error('reference Huffman table: 257 lengths expected')
  const order = lengths.map((bits, symbol) => ({ bits, symbol })).sort((a, b) => a.bits - b.bits || a.symbol - b.symbol)
  const codes: [number, number][] = new Array(257)
  let code = 0
  let previous = order[0]!.bits
  order.forEach(({ bits, symbol }, i) => {
    if (i > 0) code = (code + 1) * 2 ** (bits - previous)
    previous = bits
    codes[symbol] = [bits, code]
  })
  return codes
})()

/** Huffman-codes latin1 octets (RFC 7541 §5.2): codes MSB first, padded with the high bits of EOS (ones). */
export function huffmanEncode(text: string): Buffer {
  const out: number[] = []
  let acc = 0
  let accBits = 0
  for (let i = 0; i < text.length; i++) {
    const [bits, code] = REFERENCE_HUFFMAN[text.charCodeAt(i) & 0xff]!
    for (let b = bits - 1; b >= 0; b--) {
      acc = (acc << 1) | (Math.floor(code / 2 ** b) & 1)
      if (++accBits === 8) {
        out.push(acc)
        acc = 0
        accBits = 0
      }
    }
  }
  if (accBits > 0) out.push((acc << (8 - accBits)) | ((1 << (8 - accBits)) - 1))
  return Buffer.from(out)
}

/** RFC 7541 §5.1 integer with an N-bit prefix; `pattern` holds the representation's bits above the prefix. */
export function hpackInteger(value: number, prefixBits: number, pattern: number): number[] {
  const max = 2 ** prefixBits - 1
  if (value < max) return [pattern | value]
  const out = [pattern | max]
  let rest = value - max
  while (rest >= 128) {
    out.push((rest % 128) + 128)
    rest = Math.floor(rest / 128)
  }
  out.push(rest)
  return out
}

/** RFC 7541 §5.2 string literal. */
export function hpackString(text: string, huffman: boolean): number[] {
  const bytes = huffman ? huffmanEncode(text) : Buffer.from(text, 'latin1')
  return [...hpackInteger(bytes.length, 7, huffman ? 0x80 : 0), ...bytes]
}

export type Representation = 'indexed' | 'incremental' | 'without' | 'never'

/** How one field goes out: `indexed` falls back to `incremental` when no table entry matches exactly. */
export interface FieldPlan {
  readonly representation: Representation
  /** Use an indexed name when a table has the name. */
  readonly indexName: boolean
  readonly huffmanName: boolean
  readonly huffmanValue: boolean
}

export const PLAIN: FieldPlan = { representation: 'without', indexName: true, huffmanName: false, huffmanValue: false }

export class ReferenceEncoder {
  /** Newest first, as HPACK indexes them. */
  readonly entries: [string, string][] = []
  size = 0
  maxSize: number
  /** The last block changed the table: it had a size update or a literal with incremental indexing. */
  lastBlockIndexed = false

  constructor(maxSize = 4096) {
    this.maxSize = maxSize
  }

  /** One header block: optional dynamic table size updates first (RFC 7541 §4.2), then the fields. */
  encode(fields: readonly (readonly [string, string])[], plans: readonly FieldPlan[] = [], sizeUpdates: readonly number[] = []): Buffer {
    const out: number[] = []
    this.lastBlockIndexed = sizeUpdates.length > 0
    for (const size of sizeUpdates) {
      out.push(...hpackInteger(size, 5, 0x20))
      this.resize(size)
    }
    fields.forEach(([name, value], i) => {
      const plan = plans[i % Math.max(1, plans.length)] ?? PLAIN
      if (plan.representation === 'indexed') {
        const exact = this.exactIndex(name, value)
        if (exact > 0) return void out.push(...hpackInteger(exact, 7, 0x80))
      }
      const representation = plan.representation === 'indexed' ? 'incremental' : plan.representation
      const nameIndex = plan.indexName ? this.nameIndex(name) : 0
      const [prefix, pattern] = representation === 'incremental' ? [6, 0x40] : representation === 'never' ? [4, 0x10] : [4, 0x00]
      out.push(...hpackInteger(nameIndex, prefix, pattern))
      if (nameIndex === 0) out.push(...hpackString(name, plan.huffmanName))
      out.push(...hpackString(value, plan.huffmanValue))
      if (representation === 'incremental') {
        this.add(name, value)
        this.lastBlockIndexed = true
      }
    })
    return Buffer.from(out)
  }

  private exactIndex(name: string, value: string): number {
    const s = REFERENCE_STATIC_TABLE.findIndex(([n, v]) => n === name && v === value)
    if (s >= 0) return s + 1
    const d = this.entries.findIndex(([n, v]) => n === name && v === value)
    return d >= 0 ? REFERENCE_STATIC_TABLE.length + d + 1 : 0
  }

  private nameIndex(name: string): number {
    const s = REFERENCE_STATIC_TABLE.findIndex(([n]) => n === name)
    if (s >= 0) return s + 1
    const d = this.entries.findIndex(([n]) => n === name)
    return d >= 0 ? REFERENCE_STATIC_TABLE.length + d + 1 : 0
  }

  /** RFC 7541 §4.4. */
  private add(name: string, value: string): void {
    const size = name.length + value.length + 32
    while (this.entries.length > 0 && this.size + size > this.maxSize) this.evict()
    if (size > this.maxSize) return
    this.entries.unshift([name, value])
    this.size += size
  }

  /** RFC 7541 §4.3. */
  private resize(maxSize: number): void {
    this.maxSize = maxSize
    while (this.size > maxSize) this.evict()
  }

  private evict(): void {
    const [name, value] = this.entries.pop()!
    this.size -= name.length + value.length + 32
  }
}
