import { describe, expect, it } from 'vitest'
import { huffmanDecode } from './huffman.ts'
import { HUFFMAN_CODES } from './huffman-table.ts'

const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex')
const decode = (bytes: Uint8Array): string | undefined => huffmanDecode(bytes, 0, bytes.length)

/** A reference encoder, test-only: codes appended MSB first, padded with the high bits of EOS. */
function huffmanEncode(text: string): Buffer {
  let bits = 0n
  let count = 0
  for (let i = 0; i < text.length; i++) {
    const [length, code] = HUFFMAN_CODES[text.charCodeAt(i)]!
    bits = (bits << BigInt(length)) | BigInt(code)
    count += length
  }
  const pad = (8 - (count % 8)) % 8
  bits = (bits << BigInt(pad)) | ((1n << BigInt(pad)) - 1n)
  count += pad
  return Buffer.from(bits.toString(16).padStart(count / 4, '0').slice(0, count / 4), 'hex')
}

/** Deterministic PRNG (mulberry32), so a failure reproduces. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

// The Huffman-coded strings of RFC 7541 Appendix C.4 and C.6.
const RFC_STRINGS: readonly [string, string][] = [
  ['www.example.com', 'f1e3 c2e5 f23a 6ba0 ab90 f4ff'],
  ['no-cache', 'a8eb 1064 9cbf'],
  ['custom-key', '25a8 49e9 5ba9 7d7f'],
  ['custom-value', '25a8 49e9 5bb8 e8b4 bf'],
  ['302', '6402'],
  ['307', '640e ff'],
  ['private', 'aec3 771a 4b'],
  ['Mon, 21 Oct 2013 20:13:21 GMT', 'd07a be94 1054 d444 a820 0595 040b 8166 e082 a62d 1bff'],
  ['Mon, 21 Oct 2013 20:13:22 GMT', 'd07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff'],
  ['https://www.example.com', '9d29 ad17 1863 c78f 0b97 c8e9 ae82 ae43 d3'],
  ['gzip', '9bd9 ab'],
  ['foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1', '94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f 9587 3160 65c0 03ed 4ee5 b106 3d50 07'],
]

describe('HUFFMAN_CODES (RFC 7541 Appendix B)', () => {
  it('has 257 entries, and the ones remembered from the RFC', () => {
    expect(HUFFMAN_CODES).toHaveLength(257)
    expect(HUFFMAN_CODES[0x30]).toEqual([5, 0x0]) // '0'
    expect(HUFFMAN_CODES[0x61]).toEqual([5, 0x3]) // 'a'
    expect(HUFFMAN_CODES[0x20]).toEqual([6, 0x14]) // ' '
    expect(HUFFMAN_CODES[0x00]).toEqual([13, 0x1ff8])
    expect(HUFFMAN_CODES[0x0a]).toEqual([30, 0x3ffffffc]) // LF
    expect(HUFFMAN_CODES[0xff]).toEqual([26, 0x3ffffee])
    expect(HUFFMAN_CODES[256]).toEqual([30, 0x3fffffff]) // EOS
  })

  it('is a complete canonical prefix code, so the lengths alone fix every code', () => {
    // Kraft: sum of 2^-length over all codes is exactly 1 (no unused bit pattern, no overlap).
    let kraft = 0n
    for (const [bits, code] of HUFFMAN_CODES) {
      expect(code).toBeLessThan(2 ** bits)
      kraft += 1n << BigInt(30 - bits)
    }
    expect(kraft).toBe(1n << 30n)
    // Canonical: ordered by (length, symbol), each code is the previous one plus one, shifted to the new length.
    const ordered = HUFFMAN_CODES.map(([bits, code], symbol) => ({ bits, code, symbol })).sort((a, b) => a.bits - b.bits || a.symbol - b.symbol)
    let expected = 0
    ordered.forEach((entry, i) => {
      if (i > 0) expected = (expected + 1) * 2 ** (entry.bits - ordered[i - 1]!.bits)
      expect(entry.code, `symbol ${entry.symbol}`).toBe(expected)
    })
  })
})

describe('huffmanDecode', () => {
  it.each(RFC_STRINGS)('decodes the RFC 7541 Appendix C string %j', (text, coded) => {
    expect(decode(hex(coded))).toBe(text)
    // And the table, through the reference encoder, produces the RFC's exact bytes.
    expect(huffmanEncode(text).toString('hex')).toBe(hex(coded).toString('hex'))
  })

  it('decodes every byte value, alone and all together', () => {
    for (let byte = 0; byte < 256; byte++) {
      const text = String.fromCharCode(byte)
      expect(decode(huffmanEncode(text)), `byte ${byte}`).toBe(text)
    }
    const all = Array.from({ length: 256 }, (_, byte) => String.fromCharCode(byte)).join('')
    expect(decode(huffmanEncode(all))).toBe(all)
  })

  it('round-trips random latin1 strings of every length up to 300', () => {
    const random = prng(7541)
    for (let length = 0; length <= 300; length++) {
      // Mostly header-ish ASCII, sometimes any byte, so short and long codes mix.
      const text = Array.from({ length }, () => String.fromCharCode(random() < 0.8 ? 0x20 + Math.floor(random() * 95) : Math.floor(random() * 256))).join('')
      expect(decode(huffmanEncode(text))).toBe(text)
    }
  })

  it('decodes the empty string and respects start/end', () => {
    expect(decode(Buffer.alloc(0))).toBe('')
    const framed = Buffer.concat([Buffer.from([0x00, 0xff]), hex('a8eb10649cbf'), Buffer.from([0x00])])
    expect(huffmanDecode(framed, 2, 8)).toBe('no-cache')
  })

  it('accepts padding of up to 7 one bits', () => {
    // '0' (5 bits) + ' ' (6) + ' ' (6) = 17 bits, then 7 bits of padding.
    expect(huffmanEncode('0  ')).toHaveLength(3)
    expect(decode(huffmanEncode('0  '))).toBe('0  ')
    // 8 × 'a' is exactly 40 bits: no padding at all.
    expect(decode(huffmanEncode('aaaaaaaa'))).toBe('aaaaaaaa')
  })

  it('rejects padding longer than 7 bits', () => {
    expect(decode(Buffer.concat([huffmanEncode('aaaaaaaa'), Buffer.from([0xff])]))).toBeUndefined()
    expect(decode(Buffer.from([0xff]))).toBeUndefined()
    // 'a' = 00011, then 11 one bits.
    expect(decode(Buffer.from([0x1f, 0xff]))).toBeUndefined()
  })

  it('rejects padding that is not the high bits of EOS', () => {
    expect(decode(Buffer.from([0x1f]))).toBe('a')
    expect(decode(Buffer.from([0x18]))).toBeUndefined() // 'a' then 000
    expect(decode(Buffer.from([0x1d]))).toBeUndefined() // 'a' then 101
    // A code cut short: the first 8 bits of '!' (1111111000, 10 bits).
    expect(decode(Buffer.from([0xfe]))).toBeUndefined()
  })

  it('rejects EOS inside the string', () => {
    // 30 one bits are EOS, then 2 bits of padding.
    expect(decode(Buffer.from([0xff, 0xff, 0xff, 0xff]))).toBeUndefined()
    // 'a', then EOS, then padding.
    const withEos = (BigInt(0x3) << 30n) | 0x3fffffffn // 35 bits
    const padded = (withEos << 5n) | 0x1fn
    expect(decode(Buffer.from(padded.toString(16).padStart(10, '0'), 'hex'))).toBeUndefined()
  })
})
