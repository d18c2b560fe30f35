import { describe, expect, it } from 'vitest'
import { integerLength, readInteger, writeInteger } from './integer.ts'

const read = (bytes: number[], prefixBits: number): [value: number, end: number] => {
  const cursor = { at: 0 }
  const value = readInteger(Uint8Array.from(bytes), cursor, bytes.length, prefixBits)
  return [value, cursor.at]
}

const write = (value: number, prefixBits: number, flags = 0): number[] => {
  const out = new Uint8Array(integerLength(value, prefixBits))
  expect(writeInteger(out, 0, value, prefixBits, flags)).toBe(out.length)
  return [...out]
}

describe('HPACK integers (RFC 7541 §5.1)', () => {
  it('C.1.1: 10 with a 5-bit prefix is one byte', () => {
    expect(write(10, 5)).toEqual([0x0a])
    // The bits above the prefix belong to the representation and are ignored.
    expect(read([0xe0 | 0x0a], 5)).toEqual([10, 1])
  })

  it('C.1.2: 1337 with a 5-bit prefix is 1f 9a 0a', () => {
    expect(write(1337, 5)).toEqual([0x1f, 0x9a, 0x0a])
    expect(read([0x1f, 0x9a, 0x0a], 5)).toEqual([1337, 3])
  })

  it('C.1.3: 42 at an octet boundary (8-bit prefix) is 2a', () => {
    expect(write(42, 8)).toEqual([0x2a])
    expect(read([0x2a], 8)).toEqual([42, 1])
  })

  it('round-trips edge values for every prefix', () => {
    for (const prefix of [4, 5, 6, 7, 8]) {
      for (const value of [0, 1, 2 ** prefix - 2, 2 ** prefix - 1, 2 ** prefix, 127, 128, 4096, 65535, 2 ** 31 - 1]) {
        const bytes = write(value, prefix, prefix === 8 ? 0 : 0x100 - (1 << prefix))
        expect(read(bytes, prefix), `${value}/${prefix}`).toEqual([value, bytes.length])
      }
    }
  })

  it('rejects truncation, values above 2^31-1 and more than 5 continuation bytes', () => {
    expect(read([], 5)[0]).toBe(-1)
    expect(read([0x1f], 5)[0]).toBe(-1)
    expect(read([0x1f, 0x9a], 5)[0]).toBe(-1)
    expect(read([0x1f, 0xe1, 0xff, 0xff, 0xff, 0x07], 5)[0]).toBe(-1) // 31 + 97 + … = 2^31
    expect(read([0x1f, 0xff, 0xff, 0xff, 0xff, 0x0f], 5)[0]).toBe(-1)
    expect(read([0x1f, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00], 5)[0]).toBe(-1)
    // Zero continuation groups are legal, up to the bound.
    expect(read([0x1f, 0x80, 0x80, 0x80, 0x80, 0x00], 5)).toEqual([31, 6])
  })
})
