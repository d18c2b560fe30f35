import { describe, expect, it } from 'vitest'
import { HpackDecoder, isHpackError, type HeaderBlock, type HpackError } from './decoder.ts'

const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex')
const bytes = (...values: number[]): Buffer => Buffer.from(values)

function decodeOk(decoder: HpackDecoder, block: Buffer): HeaderBlock {
  const result = decoder.decode(block, 0, block.length)
  if (isHpackError(result)) throw new Error(`unexpected HPACK error: ${result.message}`)
  return result
}

/** Fields as [name, value] pairs, for readable expectations. */
const pairs = (block: HeaderBlock): [string, string][] => {
  const out: [string, string][] = []
  for (let i = 0; i < block.fields.length; i += 2) out.push([block.fields[i]!, block.fields[i + 1]!])
  return out
}

const dynamicTable = (decoder: HpackDecoder): (readonly [string, string])[] =>
  Array.from({ length: decoder.entryCount }, (_, i) => decoder.entry(i + 1)!)

const listSize = (fields: readonly (readonly [string, string])[]): number => fields.reduce((sum, [n, v]) => sum + n.length + v.length + 32, 0)

interface Step {
  readonly block: string
  readonly fields: readonly (readonly [string, string])[]
  /** Dynamic table after the block, newest (index 62) first. */
  readonly table: readonly (readonly [string, string])[]
  readonly size: number
}

/** Decodes the steps in order on one decoder, checking fields, table and size after each (the RFC's "Dynamic Table (after decoding)"). */
function runSequence(decoder: HpackDecoder, steps: readonly Step[]): void {
  for (const step of steps) {
    const block = decodeOk(decoder, hex(step.block))
    expect(pairs(block)).toEqual(step.fields)
    expect(block.listSize).toBe(listSize(step.fields))
    expect(dynamicTable(decoder)).toEqual(step.table)
    expect(decoder.tableSize).toBe(step.size)
  }
}

const AUTHORITY = [':authority', 'www.example.com'] as const
const NO_CACHE = ['cache-control', 'no-cache'] as const
const CUSTOM = ['custom-key', 'custom-value'] as const
const REQUEST_1 = [[':method', 'GET'], [':scheme', 'http'], [':path', '/'], AUTHORITY] as const
const REQUEST_2 = [...REQUEST_1, NO_CACHE] as const
const REQUEST_3 = [[':method', 'GET'], [':scheme', 'https'], [':path', '/index.html'], AUTHORITY, CUSTOM] as const

const DATE_21 = ['date', 'Mon, 21 Oct 2013 20:13:21 GMT'] as const
const DATE_22 = ['date', 'Mon, 21 Oct 2013 20:13:22 GMT'] as const
const LOCATION = ['location', 'https://www.example.com'] as const
const PRIVATE = ['cache-control', 'private'] as const
const COOKIE = ['set-cookie', 'foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1'] as const
const GZIP = ['content-encoding', 'gzip'] as const
const RESPONSE_1 = [[':status', '302'], PRIVATE, DATE_21, LOCATION] as const
const RESPONSE_2 = [[':status', '307'], PRIVATE, DATE_21, LOCATION] as const
const RESPONSE_3 = [[':status', '200'], PRIVATE, DATE_22, LOCATION, GZIP, COOKIE] as const

const requestSteps = (blocks: readonly [string, string, string]): Step[] => [
  { block: blocks[0], fields: REQUEST_1, table: [AUTHORITY], size: 57 },
  { block: blocks[1], fields: REQUEST_2, table: [NO_CACHE, AUTHORITY], size: 110 },
  { block: blocks[2], fields: REQUEST_3, table: [CUSTOM, NO_CACHE, AUTHORITY], size: 164 },
]

// C.5 and C.6 run with a 256-octet table, so the third response evicts.
const responseSteps = (blocks: readonly [string, string, string]): Step[] => [
  { block: blocks[0], fields: RESPONSE_1, table: [LOCATION, DATE_21, PRIVATE, [':status', '302']], size: 222 },
  { block: blocks[1], fields: RESPONSE_2, table: [[':status', '307'], LOCATION, DATE_21, PRIVATE], size: 222 },
  { block: blocks[2], fields: RESPONSE_3, table: [COOKIE, GZIP, DATE_22], size: 215 },
]

describe('RFC 7541 Appendix C', () => {
  it('C.2.1: literal with indexing, new name', () => {
    runSequence(new HpackDecoder(), [
      { block: '400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572', fields: [['custom-key', 'custom-header']], table: [['custom-key', 'custom-header']], size: 55 },
    ])
  })

  it('C.2.2: literal without indexing, indexed name', () => {
    runSequence(new HpackDecoder(), [{ block: '040c 2f73 616d 706c 652f 7061 7468', fields: [[':path', '/sample/path']], table: [], size: 0 }])
  })

  it('C.2.3: literal never indexed, new name', () => {
    runSequence(new HpackDecoder(), [{ block: '1008 7061 7373 776f 7264 0673 6563 7265 74', fields: [['password', 'secret']], table: [], size: 0 }])
  })

  it('C.2.4: indexed field', () => {
    runSequence(new HpackDecoder(), [{ block: '82', fields: [[':method', 'GET']], table: [], size: 0 }])
  })

  it('C.3: requests without Huffman coding', () => {
    runSequence(
      new HpackDecoder(),
      requestSteps([
        '8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d',
        '8286 84be 5808 6e6f 2d63 6163 6865',
        '8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65',
      ]),
    )
  })

  it('C.4: requests with Huffman coding', () => {
    runSequence(
      new HpackDecoder(),
      requestSteps(['8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff', '8286 84be 5886 a8eb 1064 9cbf', '8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf']),
    )
  })

  it('C.5: responses without Huffman coding, 256-octet table with eviction', () => {
    runSequence(
      new HpackDecoder(256),
      responseSteps([
        '4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3120 474d 546e 1768 7474 7073 3a2f 2f77 7777 2e65 7861 6d70 6c65 2e63 6f6d',
        '4803 3330 37c1 c0bf',
        '88c1 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3220 474d 54c0 5a04 677a 6970 7738 666f 6f3d 4153 444a 4b48 514b 425a 584f 5157 454f 5049 5541 5851 5745 4f49 553b 206d 6178 2d61 6765 3d33 3630 303b 2076 6572 7369 6f6e 3d31',
      ]),
    )
  })

  it('C.6: responses with Huffman coding, 256-octet table with eviction', () => {
    runSequence(
      new HpackDecoder(256),
      responseSteps([
        '4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0 82a6 2d1b ff6e 919d 29ad 1718 63c7 8f0b 97c8 e9ae 82ae 43d3',
        '4883 640e ffc1 c0bf',
        '88c1 6196 d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff c05a 839b d9ab 77ad 94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f 9587 3160 65c0 03ed 4ee5 b106 3d50 07',
      ]),
    )
  })
})

describe('HpackDecoder', () => {
  it('decodes a block in the middle of a buffer, and an empty block', () => {
    const decoder = new HpackDecoder()
    const framed = Buffer.concat([bytes(0xff, 0xff), hex('828684418cf1e3c2e5f23a6ba0ab90f4ff'), bytes(0xff)])
    const block = decoder.decode(framed, 2, framed.length - 1)
    expect(isHpackError(block) ? block : pairs(block)).toEqual(REQUEST_1)
    expect(decodeOk(decoder, Buffer.alloc(0))).toEqual({ fields: [], listSize: 0 })
  })

  it('returns frozen results', () => {
    const block = decodeOk(new HpackDecoder(), hex('8286'))
    expect(Object.isFrozen(block)).toBe(true)
    expect(Object.isFrozen(block.fields)).toBe(true)
  })

  it('keeps the latin1 octets of names and values', () => {
    // Literal without indexing, new name 'x' (0x78), value e9 ff 00.
    const block = decodeOk(new HpackDecoder(), bytes(0x00, 0x01, 0x78, 0x03, 0xe9, 0xff, 0x00))
    expect(block.fields).toEqual(['x', '\u00e9\u00ff\u0000'])
  })

  it('accepts size updates at the start of any block, and applies them with eviction', () => {
    const decoder = new HpackDecoder()
    decodeOk(decoder, hex('828684410f7777772e6578616d706c652e636f6d'))
    expect(decoder.entryCount).toBe(1)
    // Two updates (0, then 4096 = 31 + 4065), then a field: the table is emptied, then allowed to grow again.
    const block = decodeOk(decoder, bytes(0x20, 0x3f, 0xe1, 0x1f, 0x82))
    expect(block.fields).toEqual([':method', 'GET'])
    expect(decoder.entryCount).toBe(0)
    expect(decoder.maxSize).toBe(4096)
    // A later block may resize again; a 64-octet table holds one small entry.
    decodeOk(decoder, bytes(0x3f, 0x21, 0x40, 0x01, 0x61, 0x01, 0x62)) // 31 + 33 = 64, then a: b (34 octets)
    expect([decoder.maxSize, decoder.tableSize, decoder.entryCount]).toEqual([64, 34, 1])
    decodeOk(decoder, bytes(0x40, 0x01, 0x63, 0x01, 0x64)) // c: d evicts a: b
    expect(dynamicTable(decoder)).toEqual([['c', 'd']])
  })

  it('empties the table for an entry larger than the table, without adding it', () => {
    const decoder = new HpackDecoder(64)
    decodeOk(decoder, bytes(0x40, 0x01, 0x61, 0x01, 0x62))
    expect(decoder.entryCount).toBe(1)
    // 1 + 40 + 32 = 73 octets > 64.
    const block = decodeOk(decoder, Buffer.concat([bytes(0x40, 0x01, 0x78, 40), Buffer.alloc(40, 0x79)]))
    expect(block.fields).toEqual(['x', 'y'.repeat(40)])
    expect([decoder.entryCount, decoder.tableSize]).toEqual([0, 0])
  })

  it('grows past its initial ring and keeps index order', () => {
    const decoder = new HpackDecoder(65536)
    for (let i = 0; i < 300; i++) {
      const value = String(i).padStart(3, '0')
      decodeOk(decoder, Buffer.concat([bytes(0x40, 0x01, 0x6b, 0x03), Buffer.from(value)]))
    }
    expect(decoder.entryCount).toBe(300)
    expect(decoder.entry(1)).toEqual(['k', '299'])
    expect(decoder.entry(300)).toEqual(['k', '000'])
    expect(decoder.tableSize).toBe(300 * 36)
    // Index 62 + 299 is the oldest.
    expect(decodeOk(decoder, bytes(0xff, 0xea, 0x01)).fields).toEqual(['k', '000']) // 127 + 106 + 128 = 361
  })
})

describe('HpackDecoder errors', () => {
  const cases: readonly [label: string, reason: RegExp, block: Buffer, maxTableSize?: number][] = [
    ['indexed field with index 0', /index 0/, bytes(0x80)],
    ['indexed field past the static table, empty dynamic table', /index beyond/, bytes(0xbe)],
    ['indexed field far out of range', /index beyond/, bytes(0xff, 0x80, 0x01)],
    ['literal with a name index out of range', /index beyond/, bytes(0x7e, 0x01, 0x61)],
    ['literal without indexing, name index out of range', /index beyond/, bytes(0x0f, 0x2f, 0x01, 0x61)],
    ['truncated integer', /integer/, bytes(0xff)],
    ['truncated integer mid-continuation', /integer/, bytes(0xff, 0x80)],
    ['integer above 2^31-1', /integer/, bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0x0f)],
    ['integer with too many continuation bytes', /integer/, bytes(0xff, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00)],
    ['string length past the end', /string literal/, bytes(0x40, 0x0a, 0x63, 0x75)],
    ['missing value after a literal name', /string literal/, bytes(0x40, 0x01, 0x61)],
    ['missing name after the representation byte', /string literal/, bytes(0x00)],
    ['missing value after an indexed name', /string literal/, bytes(0x04)],
    ['string length integer truncated', /integer/, bytes(0x04, 0x7f)],
    ['Huffman padding longer than 7 bits', /Huffman/, bytes(0x04, 0x81, 0xff)],
    ['Huffman padding not all ones', /Huffman/, bytes(0x04, 0x81, 0x18)],
    ['Huffman string containing EOS', /Huffman/, bytes(0x04, 0x84, 0xff, 0xff, 0xff, 0xff)],
    ['size update after a field', /after a field/, bytes(0x82, 0x20)],
    ['size update after a literal field', /after a field/, bytes(0x04, 0x01, 0x2f, 0x3f, 0x01)],
    ['size update above SETTINGS_HEADER_TABLE_SIZE', /above SETTINGS_HEADER_TABLE_SIZE/, bytes(0x3f, 0xe2, 0x1f)], // 4097
    ['size update above a small limit', /above SETTINGS_HEADER_TABLE_SIZE/, bytes(0x3f, 0x02), 32], // 33
    ['huge size update', /integer/, bytes(0x3f, 0xff, 0xff, 0xff, 0xff, 0x07)],
  ]

  it.each(cases)('%s → COMPRESSION_ERROR', (_label, reason, block, maxTableSize) => {
    const decoder = new HpackDecoder(maxTableSize)
    const result = decoder.decode(block, 0, block.length) as HpackError
    expect(result.error).toBe('COMPRESSION_ERROR')
    expect(result.message).toMatch(reason)
  })

  it('reports an index that was valid until eviction', () => {
    const decoder = new HpackDecoder(64)
    decodeOk(decoder, bytes(0x40, 0x01, 0x61, 0x01, 0x62))
    decodeOk(decoder, bytes(0x40, 0x01, 0x63, 0x01, 0x64))
    expect(decoder.decode(bytes(0xbf), 0, 1)).toMatchObject({ error: 'COMPRESSION_ERROR' })
  })

  it('rejects a range outside the buffer instead of reading past it', () => {
    const decoder = new HpackDecoder()
    const block = bytes(0x82, 0x86)
    expect(decoder.decode(block, 0, 3)).toMatchObject({ error: 'COMPRESSION_ERROR' })
    expect(decoder.decode(block, 2, 1)).toMatchObject({ error: 'COMPRESSION_ERROR' })
    expect(decoder.decode(block, -1, 2)).toMatchObject({ error: 'COMPRESSION_ERROR' })
  })

  it('never throws on 2,000 random or mangled blocks (seeded)', () => {
    let seed = 0x9e3779b9
    const random = (): number => {
      seed = (seed + 0x6d2b79f5) | 0
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296
    }
    const valid = [
      hex('828684418cf1e3c2e5f23a6ba0ab90f4ff'),
      hex('828785bf408825a849e95ba97d7f8925a849e95bb8e8b4bf'),
      hex('488264025885aec3771a4b6196d07abe941054d444a8200595040b8166e082a62d1bff6e919d29ad171863c78f0b97c8e9ae82ae43d3'),
      hex('400a637573746f6d2d6b65790d637573746f6d2d686561646572'),
    ]
    const longLived = new HpackDecoder(512)
    let ok = 0
    let errors = 0
    for (let i = 0; i < 2000; i++) {
      let block: Buffer
      if (i % 2 === 0) {
        block = Buffer.from(Array.from({ length: Math.floor(random() * 48) }, () => Math.floor(random() * 256)))
      } else {
        // A valid block with a few bytes changed and maybe cut short: mostly well-formed, wrong in one place.
        block = Buffer.from(valid[i % valid.length]!)
        for (let flips = 1 + Math.floor(random() * 3); flips > 0; flips--) block[Math.floor(random() * block.length)] = Math.floor(random() * 256)
        if (random() < 0.3) block = block.subarray(0, Math.floor(random() * block.length))
      }
      for (const decoder of [longLived, new HpackDecoder(random() < 0.5 ? 4096 : 64)]) {
        const result = decoder.decode(block, 0, block.length)
        if (isHpackError(result)) {
          expect(result.error).toBe('COMPRESSION_ERROR')
          errors++
        } else {
          expect(result.fields.length % 2).toBe(0)
          expect(result.fields.every((field) => typeof field === 'string')).toBe(true)
          ok++
        }
        expect(decoder.tableSize).toBeLessThanOrEqual(decoder.maxSize)
      }
    }
    // Both outcomes occur, so the fuzz reaches past the first byte.
    expect(ok).toBeGreaterThan(100)
    expect(errors).toBeGreaterThan(100)
  })
})

describe('HpackDecoder block cache', () => {
  it('returns the same frozen object for a repeated block that does not touch the table', () => {
    const decoder = new HpackDecoder()
    decodeOk(decoder, hex('828684410f7777772e6578616d706c652e636f6d'))
    const warm = hex('828684be')
    const first = decodeOk(decoder, warm)
    expect(pairs(first)).toEqual(REQUEST_1)
    // A different Buffer with the same bytes hits too: the key is the content.
    expect(decodeOk(decoder, Buffer.from(warm))).toBe(first)
    // And so does the same bytes inside a larger frame.
    const framed = Buffer.concat([bytes(0x00, 0x00), warm])
    expect(decoder.decode(framed, 2, framed.length)).toBe(first)
  })

  it('caches literals without indexing too, since they leave the table alone', () => {
    const decoder = new HpackDecoder()
    const block = hex('040c2f73616d706c652f70617468')
    expect(decodeOk(decoder, block)).toBe(decodeOk(decoder, block))
  })

  it('does not cache a block with incremental indexing', () => {
    const decoder = new HpackDecoder()
    const block = hex('828684410f7777772e6578616d706c652e636f6d')
    const first = decodeOk(decoder, block)
    const second = decodeOk(decoder, block)
    expect(second).not.toBe(first)
    expect(second).toEqual(first)
    expect(decoder.entryCount).toBe(2)
  })

  it('does not cache a block with a size update', () => {
    const decoder = new HpackDecoder()
    const block = bytes(0x3f, 0xe1, 0x1f, 0x82)
    expect(decodeOk(decoder, block)).not.toBe(decodeOk(decoder, block))
  })

  it('forgets cached blocks when the table changes, so dynamic indices resolve to the new entries', () => {
    const decoder = new HpackDecoder()
    decodeOk(decoder, bytes(0x40, 0x01, 0x61, 0x01, 0x31)) // a: 1
    const refer = bytes(0x82, 0xbe)
    const before = decodeOk(decoder, refer)
    expect(before.fields).toEqual([':method', 'GET', 'a', '1'])
    expect(decodeOk(decoder, refer)).toBe(before)
    decodeOk(decoder, bytes(0x40, 0x01, 0x61, 0x01, 0x32)) // a: 2, now index 62
    const after = decodeOk(decoder, refer)
    expect(after.fields).toEqual([':method', 'GET', 'a', '2'])
    expect(decodeOk(decoder, bytes(0x82, 0xbf)).fields).toEqual([':method', 'GET', 'a', '1'])
  })

  it('forgets cached blocks after a size update that evicts', () => {
    const decoder = new HpackDecoder()
    decodeOk(decoder, bytes(0x40, 0x01, 0x61, 0x01, 0x31))
    const refer = bytes(0xbe)
    expect(decodeOk(decoder, refer).fields).toEqual(['a', '1'])
    decodeOk(decoder, bytes(0x20)) // table size 0: a: 1 is gone
    expect(decoder.decode(refer, 0, 1)).toMatchObject({ error: 'COMPRESSION_ERROR' })
  })

  it('holds at most 64 blocks, dropping the oldest', () => {
    const decoder = new HpackDecoder()
    const blockFor = (i: number): Buffer => bytes(0x82, 0x80 | (1 + (i % 61)), 0x80 | (1 + Math.floor(i / 61)))
    const first = decodeOk(decoder, blockFor(0))
    expect(decodeOk(decoder, blockFor(0))).toBe(first)
    for (let i = 1; i <= 64; i++) decodeOk(decoder, blockFor(i))
    expect(decodeOk(decoder, blockFor(64))).toBe(decodeOk(decoder, blockFor(64)))
    expect(decodeOk(decoder, blockFor(0))).not.toBe(first)
  })
})
