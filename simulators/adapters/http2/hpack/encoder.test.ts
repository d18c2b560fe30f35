import { describe, expect, it } from 'vitest'
import { HpackDecoder, isHpackError } from './decoder.ts'
import { encodeHeaderBlock, type HeaderField } from './encoder.ts'
import { STATIC_TABLE, staticExactIndex, staticNameIndex } from './static-table.ts'

const hexOf = (fields: readonly HeaderField[]): string => encodeHeaderBlock(fields).toString('hex')

/** Encodes, then decodes with a fresh decoder, returning [name, value] pairs and the table it left. */
function roundTrip(fields: readonly HeaderField[]): { fields: [string, string][]; entries: number } {
  const block = encodeHeaderBlock(fields)
  const decoder = new HpackDecoder()
  const result = decoder.decode(block, 0, block.length)
  if (isHpackError(result)) throw new Error(result.message)
  const pairs: [string, string][] = []
  for (let i = 0; i < result.fields.length; i += 2) pairs.push([result.fields[i]!, result.fields[i + 1]!])
  return { fields: pairs, entries: decoder.entryCount }
}

describe('static table lookups', () => {
  it('finds exact matches and first names', () => {
    expect(STATIC_TABLE).toHaveLength(61)
    expect(staticExactIndex(':status', '200')).toBe(8)
    expect(staticExactIndex(':status', '500')).toBe(14)
    expect(staticExactIndex('accept-encoding', 'gzip, deflate')).toBe(16)
    expect(staticExactIndex(':status', '418')).toBe(0)
    expect(staticNameIndex(':status')).toBe(8)
    expect(staticNameIndex('content-type')).toBe(31)
    expect(staticNameIndex('www-authenticate')).toBe(61)
    expect(staticNameIndex('apns-id')).toBe(0)
  })
})

describe('encodeHeaderBlock', () => {
  it('sends :status 200 as the single byte 0x88', () => {
    expect(hexOf([[':status', '200']])).toBe('88')
  })

  it('produces the RFC 7541 C.2.2 and C.2.4 bytes', () => {
    expect(hexOf([[':path', '/sample/path']])).toBe('040c2f73616d706c652f70617468')
    expect(hexOf([[':method', 'GET']])).toBe('82')
  })

  it('uses an indexed name when only the name is static, a literal name otherwise', () => {
    // :status (8) with another value: 0000 1000, then the raw value.
    expect(hexOf([[':status', '418']])).toBe('0803343138')
    // content-type is 31: 4-bit prefix 15, then 16.
    expect(hexOf([['content-type', 'a']])).toBe('0f100161')
    expect(hexOf([['apns-id', 'x']])).toBe('0007' + Buffer.from('apns-id').toString('hex') + '0178')
    // An empty value still has its length byte.
    expect(hexOf([['x', '']])).toBe('00017800')
  })

  it('writes several fields into one block, in order', () => {
    const fields: HeaderField[] = [
      [':status', '200'],
      ['content-type', 'application/json'],
      ['apns-id', '123e4567-e89b-12d3-a456-426614174000'],
      ['content-length', '0'],
    ]
    expect(roundTrip(fields)).toEqual({ fields, entries: 0 })
    expect(encodeHeaderBlock([])).toHaveLength(0)
  })

  it('round-trips long and latin1 values without touching the decoder table', () => {
    const fields: HeaderField[] = [
      [':status', '503'],
      ['retry-after', '120'],
      ['x-long', 'v'.repeat(127)], // exactly the 7-bit prefix: a continuation byte of 0
      ['x-longer', 'w'.repeat(5000)],
      ['x-latin1', 'caf\u00e9 \u00ff\u0080'],
      ['x-many-'.repeat(20), ''],
      ['accept-encoding', 'gzip, deflate'],
      ['accept-encoding', 'br'],
    ]
    expect(roundTrip(fields)).toEqual({ fields, entries: 0 })
  })

  it('handles more fields than its scratch plan started with', () => {
    const fields: HeaderField[] = Array.from({ length: 100 }, (_, i) => (i % 3 === 0 ? [':status', '204'] : [`x-h${i}`, String(i)]))
    expect(roundTrip(fields).fields).toEqual(fields)
  })
})
