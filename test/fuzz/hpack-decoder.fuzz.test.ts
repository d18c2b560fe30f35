/**
 * Property-based fuzzing of the HPACK decoder (simulators/adapters/http2/hpack):
 * arbitrary and mutated blocks never throw (a HeaderBlock or an HpackError
 * comes back), pushsim's own encoder round-trips, and so do blocks from an
 * independent RFC 7541 encoder (support/hpack-reference.ts) that uses every
 * representation, Huffman and table size updates, with the dynamic table
 * kept in step across blocks and within its limit.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { encodeHeaderBlock, HpackDecoder, isHpackError, STATIC_TABLE, type HeaderBlock, type HpackError } from '../../simulators/adapters/http2/hpack/index.ts'
import { check, fuzzRun, hex } from './support/fuzz-config.ts'
import { huffmanEncode, hpackInteger, hpackString, REFERENCE_STATIC_TABLE, ReferenceEncoder, type FieldPlan } from './support/hpack-reference.ts'

type Field = [string, string]

/** Decodes and checks the decoder's contract: never a throw, a frozen well-formed block or a COMPRESSION_ERROR, the table within its limits. */
function decodeChecked(decoder: HpackDecoder, block: Buffer, start = 0, end = block.length, limit?: number): HeaderBlock | HpackError {
  const result = decoder.decode(block, start, end)
  if (isHpackError(result)) {
    expect(result.error).toBe('COMPRESSION_ERROR')
    expect(typeof result.message).toBe('string')
  } else {
    expect(Object.isFrozen(result) && Object.isFrozen(result.fields)).toBe(true)
    expect(result.fields.length % 2).toBe(0)
    let size = 0
    for (let i = 0; i < result.fields.length; i += 2) size += result.fields[i]!.length + result.fields[i + 1]!.length + 32
    expect(result.listSize).toBe(size)
    for (const text of result.fields) expect(/^[\x00-\xff]*$/.test(text)).toBe(true)
  }
  checkTable(decoder, limit)
  return result
}

function checkTable(decoder: HpackDecoder, limit?: number): void {
  expect(decoder.tableSize).toBeLessThanOrEqual(decoder.maxSize)
  if (limit !== undefined) expect(decoder.maxSize).toBeLessThanOrEqual(limit)
  let size = 0
  for (let i = 1; i <= decoder.entryCount; i++) {
    const [name, value] = decoder.entry(i)!
    size += name.length + value.length + 32
  }
  expect(size).toBe(decoder.tableSize)
  expect(decoder.entry(decoder.entryCount + 1)).toBeUndefined()
}

const pairs = (fields: readonly string[]): Field[] => Array.from({ length: fields.length / 2 }, (_, i) => [fields[2 * i]!, fields[2 * i + 1]!])

// ---------------------------------------------------------------- generators

const latin1Char = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xff }) }).map((code) => String.fromCharCode(code))
const text = (max: number) => fc.string({ unit: latin1Char, maxLength: max })
const staticName = fc.constantFrom(...REFERENCE_STATIC_TABLE.map(([name]) => name))
const staticField = fc.constantFrom(...REFERENCE_STATIC_TABLE.map(([name, value]): Field => [name, value]))
const field: fc.Arbitrary<Field> = fc.oneof(
  { weight: 2, arbitrary: staticField },
  { weight: 3, arbitrary: fc.tuple(staticName, text(30)) },
  { weight: 3, arbitrary: fc.tuple(text(20), text(40)) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('apns-topic', 'authorization', 'x-long'), text(300)) },
)
const plan: fc.Arbitrary<FieldPlan> = fc.record({
  representation: fc.constantFrom('indexed', 'indexed', 'incremental', 'without', 'never'),
  indexName: fc.boolean(),
  huffmanName: fc.boolean(),
  huffmanValue: fc.boolean(),
})
const tableLimit = fc.constantFrom(0, 32, 100, 256, 4096, 65_536)

type Mutation = { kind: 'flip'; at: number; byte: number } | { kind: 'insert'; at: number; bytes: Uint8Array } | { kind: 'delete'; at: number; length: number } | { kind: 'truncate'; at: number }
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 6 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
)
function mutate(bytes: Buffer, mutations: readonly Mutation[]): Buffer {
  let out = bytes
  for (const m of mutations) {
    const at = m.at % (out.length + 1)
    if (m.kind === 'flip' && out.length > 0) out = Buffer.concat([out.subarray(0, at % out.length), Buffer.of(m.byte), out.subarray((at % out.length) + 1)])
    else if (m.kind === 'insert') out = Buffer.concat([out.subarray(0, at), m.bytes, out.subarray(at)])
    else if (m.kind === 'delete') out = Buffer.concat([out.subarray(0, at), out.subarray(at + m.length)])
    else if (m.kind === 'truncate') out = out.subarray(0, at)
  }
  return out
}

/** A block: optional size updates, then fields drawn from a per-run pool (so later blocks hit earlier entries). */
const blockSpec = (pool: number) =>
  fc.record({
    picks: fc.array(fc.nat({ max: pool - 1 }), { maxLength: 12 }),
    plans: fc.array(plan, { minLength: 1, maxLength: 4 }),
    sizeUpdates: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 2 }),
    padBefore: fc.uint8Array({ maxLength: 4 }),
    padAfter: fc.uint8Array({ maxLength: 4 }),
  })
const session = fc.record({ limit: tableLimit, pool: fc.array(field, { minLength: 1, maxLength: 16 }) }).chain(({ limit, pool }) =>
  fc.record({ limit: fc.constant(limit), pool: fc.constant(pool), blocks: fc.array(blockSpec(pool.length), { minLength: 1, maxLength: 8 }) }),
)

/** Runs the blocks through the reference encoder and the decoder side by side, checking they stay in step. */
function roundTrip({ limit, pool, blocks }: { limit: number; pool: Field[]; blocks: { picks: number[]; plans: FieldPlan[]; sizeUpdates: number[]; padBefore: Uint8Array; padAfter: Uint8Array }[] }): { encoder: ReferenceEncoder; decoder: HpackDecoder } {
  const encoder = new ReferenceEncoder(limit)
  const decoder = new HpackDecoder(limit)
  for (const spec of blocks) {
    const fields = spec.picks.map((i) => pool[i]!)
    const sizes = spec.sizeUpdates.map((f) => Math.floor(f * limit))
    const block = encoder.encode(fields, spec.plans, sizes)
    // The session hands the decoder a slice of a larger read.
    const framed = Buffer.concat([spec.padBefore, block, spec.padAfter])
    const result = decodeChecked(decoder, framed, spec.padBefore.length, spec.padBefore.length + block.length, limit)
    if (isHpackError(result)) throw new Error(`valid block ${hex(block)} refused: ${result.message}`)
    expect(pairs(result.fields)).toEqual(fields)
    expect(decoder.tableSize).toBe(encoder.size)
    expect(decoder.maxSize).toBe(encoder.maxSize)
    expect(decoder.entryCount).toBe(encoder.entries.length)
    encoder.entries.forEach((entry, i) => expect(decoder.entry(i + 1)).toEqual(entry))
    // A block that left the table alone decodes the same again (the decoder's memo of such blocks).
    if (!encoder.lastBlockIndexed) {
      const again = decoder.decode(block, 0, block.length)
      expect(isHpackError(again) ? again : pairs(again.fields)).toEqual(fields)
    }
  }
  return { encoder, decoder }
}

// ---------------------------------------------------------------- properties

describe('HPACK decoder fuzz', () => {
  it('the independent encoder agrees with RFC 7541 Appendix C (Huffman, integers) and Appendix A', () => {
    // C.4.1–C.4.3 and C.6.1 Huffman strings.
    expect(hex(huffmanEncode('www.example.com'))).toBe('f1e3c2e5f23a6ba0ab90f4ff')
    expect(hex(huffmanEncode('no-cache'))).toBe('a8eb10649cbf')
    expect(hex(huffmanEncode('custom-key'))).toBe('25a849e95ba97d7f')
    expect(hex(huffmanEncode('custom-value'))).toBe('25a849e95bb8e8b4bf')
    expect(hex(huffmanEncode('Mon, 21 Oct 2013 20:13:21 GMT'))).toBe('d07abe941054d444a8200595040b8166e082a62d1bff')
    expect(hex(huffmanEncode('https://www.example.com'))).toBe('9d29ad171863c78f0b97c8e9ae82ae43d3')
    // C.1: 10 and 1337 with a 5-bit prefix, 42 with an 8-bit one.
    expect(hpackInteger(10, 5, 0)).toEqual([10])
    expect(hpackInteger(1337, 5, 0)).toEqual([31, 154, 10])
    expect(hpackInteger(42, 8, 0)).toEqual([42])
    // C.3.1: the first request without Huffman, field by field.
    const encoder = new ReferenceEncoder(4096)
    const plans: FieldPlan[] = [{ representation: 'indexed', indexName: true, huffmanName: false, huffmanValue: false }]
    expect(hex(encoder.encode([[':method', 'GET'], [':scheme', 'http'], [':path', '/'], [':authority', 'www.example.com']], plans))).toBe('828684410f7777772e6578616d706c652e636f6d')
    expect(encoder.size).toBe(57)
    // C.4.2: the second request, Huffman, with the table from the first.
    const huffman: FieldPlan[] = [{ representation: 'indexed', indexName: true, huffmanName: true, huffmanValue: true }]
    const second = new ReferenceEncoder(4096)
    second.encode([[':method', 'GET'], [':scheme', 'http'], [':path', '/'], [':authority', 'www.example.com']], huffman)
    expect(hex(second.encode([[':method', 'GET'], [':scheme', 'http'], [':path', '/'], [':authority', 'www.example.com'], ['cache-control', 'no-cache']], huffman))).toBe('828684be5886a8eb10649cbf')
    // The project's static table is Appendix A too.
    expect(STATIC_TABLE.map(([name, value]) => [name, value])).toEqual(REFERENCE_STATIC_TABLE.map(([name, value]) => [name, value]))
  })

  const arbitrary = fuzzRun(0x5eed_0201, 2500)
  it(`arbitrary bytes never throw: a header block or a COMPRESSION_ERROR, the table within its limit${arbitrary.label}`, () => {
    check(
      arbitrary,
      fc.property(tableLimit, fc.array(fc.uint8Array({ maxLength: 200 }), { minLength: 1, maxLength: 4 }), fc.integer({ min: -3, max: 300 }), fc.integer({ min: -3, max: 300 }), (limit, blocks, start, end) => {
        const decoder = new HpackDecoder(limit)
        // The decoder is not reset after an error here: the session closes the connection, but a stray call must not throw either.
        for (const block of blocks) decodeChecked(decoder, Buffer.from(block), 0, block.length, limit)
        const last = Buffer.from(blocks.at(-1)!)
        const result = decoder.decode(last, start, end)
        if (!(start >= 0 && start <= end && end <= last.length)) expect(isHpackError(result)).toBe(true)
        checkTable(decoder, limit)
      }),
    )
  })

  // Arbitrary bytes mostly fail at once: bias them towards representations with long integers, strings and Huffman.
  const structured = fuzzRun(0x5eed_0202, 2000)
  it(`blocks of random representations with random integers and strings never throw${structured.label}`, () => {
    const integer = fc.oneof(fc.integer({ min: 0, max: 130 }), fc.integer({ min: 0, max: 2 ** 31 + 10 }), fc.constantFrom(2 ** 31 - 1, 2 ** 31, 2 ** 32, 4096, 4097, 61, 62, 63, 127, 128))
    const piece = fc.oneof(
      fc.tuple(fc.constantFrom(0x80), integer).map(([pattern, n]) => hpackInteger(n, 7, pattern)),
      fc.tuple(fc.constantFrom(0x20), integer).map(([pattern, n]) => hpackInteger(n, 5, pattern)),
      fc.tuple(fc.constantFrom(0x40), fc.integer({ min: 0, max: 70 })).map(([pattern, n]) => hpackInteger(n, 6, pattern)),
      fc.tuple(fc.constantFrom(0x00, 0x10), fc.integer({ min: 0, max: 70 })).map(([pattern, n]) => hpackInteger(n, 4, pattern)),
      fc.tuple(text(20), fc.boolean()).map(([s, huffman]) => hpackString(s, huffman)),
      integer.map((n) => hpackInteger(n, 7, 0)),
      integer.map((n) => hpackInteger(n, 7, 0x80)).map((length) => [...length, 0xff, 0xff]),
      fc.uint8Array({ maxLength: 5 }).map((bytes) => [...bytes]),
      // Overlong integers: continuation bytes of zeros.
      fc.integer({ min: 1, max: 9 }).map((n) => [0x7f, ...Array.from({ length: n }, () => 0x80), 0x00]),
    )
    check(
      structured,
      fc.property(tableLimit, fc.array(fc.array(piece, { maxLength: 10 }), { minLength: 1, maxLength: 3 }), (limit, blocks) => {
        const decoder = new HpackDecoder(limit)
        for (const pieces of blocks) decodeChecked(decoder, Buffer.from(pieces.flat()), 0, undefined, limit)
      }),
    )
  })

  const own = fuzzRun(0x5eed_0203, 600)
  it(`pushsim's own encoder round-trips any field list, on a fresh or a warm table, and leaves the table alone${own.label}`, () => {
    check(
      own,
      fc.property(fc.array(field, { maxLength: 16 }), fc.array(field, { maxLength: 6 }), (fields, warmup) => {
        const decoder = new HpackDecoder(4096)
        decodeChecked(decoder, new ReferenceEncoder(4096).encode(warmup, [{ representation: 'incremental', indexName: true, huffmanName: true, huffmanValue: false }]))
        const entries = decoder.entryCount
        const block = encodeHeaderBlock(fields)
        const result = decodeChecked(decoder, block)
        expect(isHpackError(result) ? result : pairs(result.fields)).toEqual(fields)
        expect(decoder.entryCount).toBe(entries)
        // And again: the memo of blocks that left the table alone.
        const again = decodeChecked(decoder, Buffer.from(block))
        expect(isHpackError(again) ? again : pairs(again.fields)).toEqual(fields)
      }),
    )
  })

  const reference = fuzzRun(0x5eed_0204, 1200)
  it(`blocks from an independent RFC 7541 encoder decode to their fields, with the dynamic table in step across blocks${reference.label}`, () => {
    check(reference, fc.property(session, (run) => void roundTrip(run)))
  })

  const mutated = fuzzRun(0x5eed_0205, 1200)
  it(`mutated blocks on a warm table never throw and leave the table within its limit${mutated.label}`, () => {
    check(
      mutated,
      fc.property(session, fc.array(mutation, { minLength: 1, maxLength: 4 }), (run, mutations) => {
        const { encoder, decoder } = roundTrip({ ...run, blocks: run.blocks.slice(0, -1) })
        const spec = run.blocks.at(-1)!
        const block = encoder.encode(
          spec.picks.map((i) => run.pool[i]!),
          spec.plans,
          spec.sizeUpdates.map((f) => Math.floor(f * run.limit)),
        )
        const bad = mutate(block, mutations)
        decodeChecked(decoder, bad, 0, bad.length, run.limit)
        // A decoder that refused a block may refuse the next, but never throws on it.
        decodeChecked(decoder, block, 0, block.length, run.limit)
      }),
    )
  })

  const huffman = fuzzRun(0x5eed_0206, 2000)
  it(`Huffman strings decode to their octets; padding of 8 bits or more, or EOS, is refused${huffman.label}`, () => {
    check(
      huffman,
      fc.property(fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((code) => String.fromCharCode(code)), maxLength: 64 }), fc.constantFrom(1, 4), (value, extra) => {
        const decoder = new HpackDecoder(4096)
        const literal = (bytes: Buffer) => Buffer.from([0x00, ...hpackString('x-h', false), ...hpackInteger(bytes.length, 7, 0x80), ...bytes])
        const coded = huffmanEncode(value)
        const ok = decodeChecked(decoder, literal(coded))
        expect(isHpackError(ok) ? ok : ok.fields).toEqual(['x-h', value])
        // 8 or more padding bits (all ones), or 32 ones, which hold EOS: a decoding error (RFC 7541 §5.2).
        const padded = Buffer.concat([coded, Buffer.alloc(extra, 0xff)])
        expect(isHpackError(decodeChecked(decoder, literal(padded)))).toBe(true)
      }),
    )
  })

  const sizes = fuzzRun(0x5eed_0207, 500)
  it(`a size update above SETTINGS_HEADER_TABLE_SIZE, or after a field, is refused; one within it evicts down to it${sizes.label}`, () => {
    check(
      sizes,
      fc.property(tableLimit, fc.integer({ min: 1, max: 100_000 }), fc.array(field, { minLength: 1, maxLength: 10 }), fc.double({ min: 0, max: 1, noNaN: true }), (limit, over, fields, fraction) => {
        const decoder = new HpackDecoder(limit)
        const encoder = new ReferenceEncoder(limit)
        decodeChecked(decoder, encoder.encode(fields, [{ representation: 'incremental', indexName: false, huffmanName: false, huffmanValue: true }]), 0, undefined, limit)
        expect(isHpackError(decodeChecked(decoder, Buffer.from(hpackInteger(limit + over, 5, 0x20)), 0, undefined, limit))).toBe(true)
        const late = Buffer.concat([Buffer.from(hpackInteger(2, 7, 0x80)), Buffer.from(hpackInteger(0, 5, 0x20))])
        expect(isHpackError(decodeChecked(decoder, late, 0, undefined, limit))).toBe(true)
        const fresh = new HpackDecoder(limit)
        const reference = new ReferenceEncoder(limit)
        decodeChecked(fresh, reference.encode(fields, [{ representation: 'incremental', indexName: true, huffmanName: false, huffmanValue: false }]), 0, undefined, limit)
        const size = Math.floor(fraction * limit)
        reference.encode([], [], [size])
        decodeChecked(fresh, Buffer.from(hpackInteger(size, 5, 0x20)), 0, undefined, limit)
        expect([fresh.tableSize, fresh.maxSize, fresh.entryCount]).toEqual([reference.size, size, reference.entries.length])
      }),
    )
  })
})
